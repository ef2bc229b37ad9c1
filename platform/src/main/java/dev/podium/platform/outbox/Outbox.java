package dev.podium.platform.outbox;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.producer.ProducerRecord;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Adds messages to the outbox inside the caller's transaction. Each row is deleted again
 * in the same transaction: the table stays empty, and the insert stays in the WAL where
 * the relay reads it.
 */
public class Outbox {

	/** How many events one outbox row carries at most in {@link #addChunked}. */
	public static final int CHUNK = 500;

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	private final CommandShortcut shortcut;

	public Outbox(JdbcClient jdbc, JsonMapper json, Clock clock) {
		this(jdbc, json, clock, null);
	}

	/**
	 * @param shortcut sends the messages added with {@link #addAndSendAhead} straight to
	 * Kafka after the commit as well, or null for the relay alone
	 */
	public Outbox(JdbcClient jdbc, JsonMapper json, Clock clock, CommandShortcut shortcut) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
		this.shortcut = shortcut;
	}

	/**
	 * Adds one message. Must run inside a transaction, which makes the message part of
	 * it.
	 * @return the message id, which becomes {@code ce_id}
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public UUID add(OutboxMessage message) {
		return addAll(List.of(message)).get(0);
	}

	/**
	 * Adds one message as {@link #add} does and, once the transaction has committed,
	 * sends it straight to Kafka too ({@link CommandShortcut}; the relay sends it again
	 * later under the same id). For a command that may overtake every message committed
	 * before it: its consumer must skip the second copy.
	 * @return the message id, which becomes {@code ce_id}
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public UUID addAndSendAhead(OutboxMessage message) {
		OffsetDateTime now = now();
		String payload = this.json.writeValueAsString(message.payload());
		UUID id = insert(List.of(message), List.of(payload), now).get(0);
		if (this.shortcut != null) {
			this.shortcut.afterCommit(new ProducerRecord<>(message.topic(), null, message.key(), payload,
					CloudEventHeaders.of(id.toString(), message.type(), source(message.organisationId()),
							message.subject(), now.toInstant().toString())));
		}
		return id;
	}

	/**
	 * Adds messages in order. Must run inside a transaction.
	 * @return the message ids, in order
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public List<UUID> addAll(List<OutboxMessage> messages) {
		return insert(messages, messages.stream().map((m) -> this.json.writeValueAsString(m.payload())).toList(),
				now());
	}

	private List<UUID> insert(List<OutboxMessage> messages, List<String> payloads, OffsetDateTime now) {
		List<UUID> ids = messages.stream().map((m) -> UUID.randomUUID()).toList();
		for (int i = 0; i < messages.size(); i++) {
			OutboxMessage m = messages.get(i);
			this.jdbc.sql("""
					insert into outbox (id, topic, message_key, type, source, subject, occurred_at, payload)
					values (:id, :topic, :key, :type, :source, :subject, :occurredAt, :payload)
					""")
				.param("id", ids.get(i))
				.param("topic", m.topic())
				.param("key", m.key())
				.param("type", m.type())
				.param("source", source(m.organisationId()))
				.param("subject", m.subject())
				.param("occurredAt", now)
				.param("payload", payloads.get(i))
				.update();
		}
		// By primary key: a scan of the table would also read the rows of large
		// transactions in flight.
		this.jdbc.sql("delete from outbox where id = any(:ids)").param("ids", ids.toArray(UUID[]::new)).update();
		return ids;
	}

	private OffsetDateTime now() {
		return OffsetDateTime.now(this.clock).withOffsetSameInstant(ZoneOffset.UTC);
	}

	/**
	 * Adds one event per row of a query, set-based, for events that scale with
	 * participants: the rows are grouped into chunks of {@value #CHUNK} events, each one
	 * outbox row whose payload is
	 * {@code {"common":{..},"columns":[..],"id":"..","rows":[[..],..]}}; the relay
	 * publishes one record per row ({@code OutboxRelay}). A chunk is far cheaper to write
	 * and to decode than as many single rows. Must run inside a transaction.
	 * @param events what the events are and which columns the rows have
	 * @param query a SELECT with named parameters yielding the columns named in
	 * {@code events}, under those names
	 * @param params the query's parameters
	 * @return how many events were added
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public long addChunked(ParticipantEvents events, String query, Map<String, ?> params) {
		String row = events.columns()
			.stream()
			.map((column) -> "q.\"" + column + "\"")
			.collect(Collectors.joining(", ", "json_build_array(", ")"));
		String header = "{\"common\":" + this.json.writeValueAsString(events.common()) + ",\"columns\":"
				+ this.json.writeValueAsString(events.columns()) + ",\"id\":"
				+ this.json.writeValueAsString(events.idColumn()) + ",\"rows\":";
		// Chunked in the order the query yields its rows, and written in that order: a
		// participant's events keep their order. The aggregation holds ~50 bytes per
		// event.
		this.jdbc.sql("set local work_mem = '64MB'").update();
		Long added = this.jdbc.sql("""
				with inserted as (
				    insert into outbox (id, topic, message_key, type, source, subject, occurred_at, payload, events)
				    select gen_random_uuid(), :topic, '', :type, :source, null, :occurredAt,
				           :header || c.rows || '}', c.events
				    from (select count(*) as events, json_agg(%s)::text as rows, min(q.n) as first
				          from (select q.*, row_number() over () as n from (%s) q) q
				          group by (q.n - 1) / %d) c
				    order by c.first
				    returning events)
				select coalesce(sum(events), 0) from inserted
				""".formatted(row, query, CHUNK))
			.params(params)
			.param("topic", events.topic())
			.param("type", events.type())
			.param("source", source(events.organisationId()))
			.param("occurredAt", now())
			.param("header", header)
			.query(Long.class)
			.single();
		removeWritten();
		return added;
	}

	/**
	 * Deletes every row this transaction inserted (after a set-based add, whose ids Java
	 * never saw): the table stays empty, the inserts stay in the WAL.
	 */
	private void removeWritten() {
		this.jdbc.sql("delete from outbox where xmin = pg_current_xact_id()::xid").update();
	}

	/** The {@code ce_source} of an organisation's messages. */
	public static String source(long organisationId) {
		return "/podium/organisations/" + organisationId;
	}

}
