package dev.podium.platform.relay;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.podium.contracts.Topics;
import dev.podium.platform.outbox.CloudEventHeaders;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An outbox insert read from the WAL, with the events it stands for: one for a message
 * row, one per element for a chunk ({@code events} not null, written by
 * {@code Outbox#addChunked}, read by {@link Chunk}). A chunk's event is its common fields
 * plus one row's columns; its id is a name-based UUID of the type and the row's id
 * column, so a chunk relayed twice yields the same ids. Participant events also carry
 * their sequence number, in the body ({@code sequence}) and as the CloudEvents
 * {@code sequence} extension ({@code ce_sequence}, zero-padded so that it orders
 * lexicographically, as that extension requires).
 *
 * <p>
 * A chunk is read twice: once for its participants (to number them, in the order rows are
 * read from the WAL) and once, when its turn to be published comes, for its records.
 * Between the two only the payload is held.
 */
final class Relayed {

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final String SOURCE_PREFIX = "/podium/organisations/";

	private static final Set<String> COMMAND_TOPICS = Set.of(Topics.COMMANDS, Topics.BULK_COMMANDS,
			Topics.RULE_COMMANDS);

	private final String id;

	private final String topic;

	private final String key;

	private final String type;

	private final String source;

	private final String subject;

	private final String time;

	private final String payload;

	private final int events;

	private final boolean chunk;

	private Relayed(Struct row) {
		this.id = row.getString("id");
		this.topic = row.getString("topic");
		this.key = row.getString("message_key");
		this.type = row.getString("type");
		this.source = row.getString("source");
		this.subject = row.getString("subject");
		this.time = row.getString("occurred_at");
		this.payload = row.getString("payload");
		Integer count = (row.schema().field("events") != null) ? row.getInt32("events") : null;
		this.chunk = count != null;
		this.events = (count != null) ? count : 1;
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
		return new Relayed(row);
	}

	String outboxId() {
		return this.id;
	}

	/** How many records this row becomes. */
	int events() {
		return this.events;
	}

	/** What this row holds on to until it is published: about its payload's size. */
	long weight() {
		return 256L + this.payload.length();
	}

	/**
	 * The lane this row is published in (see {@link Lanes}): one per organisation for its
	 * events, one per organisation for its commands. Within a lane rows keep the order
	 * they were committed in.
	 */
	String lane() {
		String organisation = (this.source != null) ? this.source : "";
		return (COMMAND_TOPICS.contains(this.topic) ? "commands " : "events ") + organisation;
	}

	/**
	 * What the sequencer needs to number this row's events: participant events only, each
	 * keyed {@code "<type>:<id>"}; null for other topics.
	 */
	Sequencer.Row toNumber() {
		if (!Topics.PARTICIPANT_EVENTS.equals(this.topic) || this.source == null
				|| !this.source.startsWith(SOURCE_PREFIX)) {
			return null;
		}
		try {
			long organisation = Long.parseLong(this.source.substring(SOURCE_PREFIX.length()));
			int[] types = new int[this.events];
			long[] ids = new long[this.events];
			if (this.chunk) {
				Chunk rows = Chunk.open(this.payload, this.type);
				for (int i = 0; rows.next(); i++) {
					types[i] = Integer.parseInt(rows.participantType());
					ids[i] = Long.parseLong(rows.participantId());
				}
			}
			else {
				int colon = this.key.indexOf(':');
				types[0] = Integer.parseInt(this.key.substring(0, colon));
				ids[0] = Long.parseLong(this.key.substring(colon + 1));
			}
			return new Sequencer.Row(this.id, organisation, types, ids);
		}
		catch (NumberFormatException | IndexOutOfBoundsException ex) {
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
		List<ProducerRecord<String, String>> records = new ArrayList<>(this.events);
		CloudEventHeaders.Template headers = new CloudEventHeaders.Template(this.type, this.source, this.time);
		if (this.chunk) {
			Chunk rows = Chunk.open(this.payload, this.type);
			for (int i = 0; rows.next(); i++) {
				String eventKey = rows.key();
				RecordHeaders recordHeaders = headers.headers(rows.id(), "participants/" + eventKey);
				Long sequence = null;
				if (sequences != null) {
					sequence = sequences[i];
					addSequence(recordHeaders, sequence);
				}
				records.add(new ProducerRecord<>(this.topic, null, eventKey, rows.body(sequence), recordHeaders));
			}
			return records;
		}
		RecordHeaders recordHeaders = headers.headers(this.id, this.subject);
		String body = this.payload;
		if (sequences != null) {
			ObjectNode tree = (ObjectNode) JSON.readTree(this.payload);
			tree.put("sequence", sequences[0]);
			addSequence(recordHeaders, sequences[0]);
			body = JSON.writeValueAsString(tree);
		}
		records.add(new ProducerRecord<>(this.topic, null, this.key, body, recordHeaders));
		return records;
	}

	/**
	 * The CloudEvents {@code sequence} extension, zero-padded so that it orders
	 * lexicographically.
	 */
	private static void addSequence(RecordHeaders headers, long sequence) {
		CloudEventHeaders.add(headers, "ce_sequence", "%019d".formatted(sequence));
	}

}
