package dev.podium.notificationworker.webhooks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;

import dev.podium.platform.kafka.IncomingMessage;
import dev.podium.platform.kafka.PoisonMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A subscriber event as webhooks send it: the Kafka record (CloudEvents binary mode)
 * turned into the CloudEvents structured JSON body, {@code specversion, id, type, source,
 * subject, time, datacontenttype, data}, where {@code data} is the record's JSON body.
 *
 * @param id the {@code ce_id}, which becomes {@code webhook-id}
 * @param organisationId from {@code ce_source} ({@code /podium/organisations/<id>}), else
 * the body's {@code organisationId}
 * @param type the {@code ce_type}
 * @param time the {@code ce_time} (the record's timestamp when absent)
 * @param body the structured JSON
 */
record WebhookEvent(UUID id, long organisationId, String type, OffsetDateTime time, String body) {

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final String SOURCE_PREFIX = "/podium/organisations/";

	/**
	 * @throws PoisonMessage when the record is not a Podium event with a JSON body and an
	 * organisation
	 */
	static WebhookEvent of(ConsumerRecord<String, String> record) {
		IncomingMessage message = IncomingMessage.of(record);
		JsonNode data;
		try {
			data = JSON.readTree(message.body());
		}
		catch (JacksonException ex) {
			throw new PoisonMessage("body is not JSON", ex);
		}
		if (data == null || !data.isObject()) {
			throw new PoisonMessage("body is not a JSON object");
		}
		String source = header(record, "ce_source");
		long organisation = organisation(source, data);
		String subject = header(record, "ce_subject");
		OffsetDateTime time = time(header(record, "ce_time"), record.timestamp());
		ObjectNode body = JSON.createObjectNode();
		body.put("specversion", "1.0");
		body.put("id", message.id().toString());
		body.put("type", message.type());
		body.put("source", (source != null) ? source : SOURCE_PREFIX + organisation);
		if (subject != null) {
			body.put("subject", subject);
		}
		body.put("time", time.toInstant().toString());
		body.put("datacontenttype", "application/json");
		body.set("data", data);
		return new WebhookEvent(message.id(), organisation, message.type(), time, JSON.writeValueAsString(body));
	}

	/**
	 * The organisation the record's {@code ce_source} header names, without reading its
	 * body; null when the header is absent or names none (the body may still name it).
	 */
	static Long sourceOrganisation(ConsumerRecord<String, String> record) {
		return organisation(header(record, "ce_source"));
	}

	private static Long organisation(String source) {
		if (source != null && source.startsWith(SOURCE_PREFIX)) {
			try {
				return Long.parseLong(source.substring(SOURCE_PREFIX.length()));
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}
		return null;
	}

	private static long organisation(String source, JsonNode data) {
		Long named = organisation(source);
		if (named != null) {
			return named;
		}
		JsonNode organisation = data.get("organisationId");
		if (organisation != null && organisation.canConvertToLong()) {
			return organisation.asLong();
		}
		throw new PoisonMessage("the event names no organisation");
	}

	private static OffsetDateTime time(String ceTime, long recordTimestamp) {
		if (ceTime != null) {
			try {
				return OffsetDateTime.parse(ceTime);
			}
			catch (DateTimeParseException ex) {
				throw new PoisonMessage("ce_time is not an RFC 3339 time", ex);
			}
		}
		return Instant.ofEpochMilli(recordTimestamp).atOffset(java.time.ZoneOffset.UTC);
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
