package dev.podium.platform.kafka;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import dev.podium.contracts.MessageTypes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * A consumed CloudEvents message: its id and type from the headers, its JSON body.
 *
 * @param id the {@code ce_id}, the inbox key
 * @param type the {@code ce_type}, one of {@link MessageTypes}
 * @param key the record key
 * @param body the JSON body
 */
public record IncomingMessage(UUID id, String type, String key, String body) {

	private static final JsonMapper LENIENT = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	/**
	 * A reader per body type, resolved once: {@code readValue(String, Class)} resolved
	 * the type again for every message (a tenth of the workers' decoding of activities).
	 */
	private static final ClassValue<ObjectReader> READERS = new ClassValue<>() {
		@Override
		protected ObjectReader computeValue(Class<?> type) {
			return LENIENT.readerFor(type);
		}
	};

	/**
	 * Reads a record's headers.
	 * @throws PoisonMessage if the id or type is missing or malformed, or the type is
	 * unknown
	 */
	public static IncomingMessage of(ConsumerRecord<String, String> record) {
		String id = header(record, "ce_id");
		String type = header(record, "ce_type");
		if (id == null || type == null) {
			throw new PoisonMessage("missing ce_id or ce_type header");
		}
		if (!MessageTypes.isKnown(type)) {
			throw new PoisonMessage("unknown message type " + type);
		}
		if (record.value() == null) {
			throw new PoisonMessage("empty body");
		}
		try {
			return new IncomingMessage(UUID.fromString(id), type, record.key(), record.value());
		}
		catch (IllegalArgumentException ex) {
			throw new PoisonMessage("ce_id is not a UUID", ex);
		}
	}

	/**
	 * The body as the record its type names, ignoring unknown fields.
	 * @throws PoisonMessage if the body does not parse
	 */
	public <T> T as(Class<T> type) {
		try {
			T value = READERS.get(type).readValue(this.body);
			if (value == null) {
				throw new PoisonMessage("empty body");
			}
			return value;
		}
		catch (JacksonException ex) {
			throw new PoisonMessage("body is not a valid " + this.type, ex);
		}
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
