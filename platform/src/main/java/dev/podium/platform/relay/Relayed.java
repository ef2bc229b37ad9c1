package dev.podium.platform.relay;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.podium.contracts.Topics;
import dev.podium.platform.outbox.CloudEventHeaders;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An outbox insert read from the WAL, with the events it stands for: one for a message
 * row, one per element for a chunk ({@code events} not null, written by
 * {@code Outbox#addChunked}). A chunk's event is its common fields plus one row's
 * columns; its id is a name-based UUID of the type and the row's id column, so a chunk
 * relayed twice yields the same ids. Participant events also carry their sequence number,
 * in the body ({@code sequence}) and as the CloudEvents {@code sequence} extension
 * ({@code ce_sequence}, zero-padded so that it orders lexicographically, as that
 * extension requires).
 */
final class Relayed {

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final String SOURCE_PREFIX = "/podium/organisations/";

	private final Struct row;

	private final List<Event> events;

	private Relayed(Struct row, List<Event> events) {
		this.row = row;
		this.events = events;
	}

	/**
	 * The insert's events, or null when it publishes nothing (other operations,
	 * heartbeats).
	 */
	static Relayed of(SourceRecord source) {
		if (!(source.value() instanceof Struct value) || value.schema().field("op") == null) {
			return null;
		}
		String op = value.getString("op");
		if (!"c".equals(op) && !"r".equals(op)) {
			return null;
		}
		Struct row = value.getStruct("after");
		if (OutboxRelay.HEARTBEAT_TYPE.equals(row.getString("type"))) {
			return null;
		}
		if (row.schema().field("events") != null && row.getInt32("events") != null) {
			return new Relayed(row, expand(row));
		}
		return new Relayed(row, List.of(new Event(row.getString("id"), row.getString("message_key"),
				row.getString("subject"), null, row.getString("payload"))));
	}

	private static List<Event> expand(Struct row) {
		JsonNode chunk = JSON.readTree(row.getString("payload"));
		String type = row.getString("type");
		JsonNode common = chunk.get("common");
		List<String> columns = new ArrayList<>();
		chunk.get("columns").forEach((column) -> columns.add(column.asString()));
		String idColumn = chunk.get("id").asString();
		List<Event> events = new ArrayList<>(chunk.get("rows").size());
		for (JsonNode values : chunk.get("rows")) {
			ObjectNode body = JSON.createObjectNode();
			common.properties().forEach((field) -> body.set(field.getKey(), field.getValue()));
			for (int i = 0; i < columns.size(); i++) {
				body.set(columns.get(i), values.get(i));
			}
			String key = body.get("participantType").asString() + ":" + body.get("participantId").asString();
			String id = UUID
				.nameUUIDFromBytes((type + "/" + body.get(idColumn).asString()).getBytes(StandardCharsets.UTF_8))
				.toString();
			events.add(new Event(id, key, "participants/" + key, body, null));
		}
		return events;
	}

	String outboxId() {
		return this.row.getString("id");
	}

	/**
	 * What the sequencer needs to number this row's events: participant events only, each
	 * keyed {@code "<type>:<id>"}; null for other topics.
	 */
	Sequencer.Row toNumber() {
		if (!Topics.PARTICIPANT_EVENTS.equals(this.row.getString("topic"))) {
			return null;
		}
		String source = this.row.getString("source");
		if (source == null || !source.startsWith(SOURCE_PREFIX)) {
			return null;
		}
		try {
			long organisation = Long.parseLong(source.substring(SOURCE_PREFIX.length()));
			List<Sequencer.Participant> participants = new ArrayList<>(this.events.size());
			for (Event event : this.events) {
				String[] key = event.key().split(":");
				participants
					.add(new Sequencer.Participant(organisation, Integer.parseInt(key[0]), Long.parseLong(key[1])));
			}
			return new Sequencer.Row(outboxId(), participants);
		}
		catch (NumberFormatException | ArrayIndexOutOfBoundsException ex) {
			// Not a participant key: published without a sequence number.
			return null;
		}
	}

	/**
	 * The Kafka records.
	 * @param sequences the events' sequence numbers, in order, or null when they have
	 * none
	 */
	List<ProducerRecord<String, String>> toRecords(long[] sequences) {
		List<ProducerRecord<String, String>> records = new ArrayList<>(this.events.size());
		for (int i = 0; i < this.events.size(); i++) {
			Event event = this.events.get(i);
			RecordHeaders headers = CloudEventHeaders.of(event.id(), this.row.getString("type"),
					this.row.getString("source"), event.subject(), this.row.getString("occurred_at"));
			String payload;
			if (sequences != null) {
				ObjectNode body = (event.body() != null) ? event.body() : (ObjectNode) JSON.readTree(event.raw());
				body.put("sequence", sequences[i]);
				CloudEventHeaders.add(headers, "ce_sequence", "%019d".formatted(sequences[i]));
				payload = JSON.writeValueAsString(body);
			}
			else {
				payload = (event.body() != null) ? JSON.writeValueAsString(event.body()) : event.raw();
			}
			records.add(new ProducerRecord<>(this.row.getString("topic"), null, event.key(), payload, headers));
		}
		return records;
	}

	/**
	 * One event of the row.
	 *
	 * @param id the event id, {@code ce_id}
	 * @param key the record key
	 * @param subject {@code ce_subject}
	 * @param body the body as a tree (a chunk's event), or null
	 * @param raw the body as written (a message row), or null
	 */
	private record Event(String id, String key, String subject, ObjectNode body, String raw) {

	}

}
