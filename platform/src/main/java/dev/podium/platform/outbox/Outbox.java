package dev.podium.platform.outbox;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	public Outbox(JdbcClient jdbc, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
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
	 * Adds messages in order. Must run inside a transaction.
	 * @return the message ids, in order
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public List<UUID> addAll(List<OutboxMessage> messages) {
		OffsetDateTime now = OffsetDateTime.now(this.clock).withOffsetSameInstant(ZoneOffset.UTC);
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
				.param("payload", this.json.writeValueAsString(m.payload()))
				.update();
		}
		// By primary key: a scan of the table would also read the rows of large
		// transactions in flight.
		this.jdbc.sql("delete from outbox where id = any(:ids)").param("ids", ids.toArray(UUID[]::new)).update();
		return ids;
	}

	/**
	 * Adds one message per row of a query, set-based: for events that scale with
	 * participants. The query yields the columns
	 * {@code topic, message_key, type, organisation_id, subject, payload} (payload as
	 * JSON text); each message gets a fresh id and the transaction's time. Must run
	 * inside a transaction.
	 * @param query a SELECT with named parameters
	 * @param params the query's parameters
	 * @return how many messages were added
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public int addSelected(String query, Map<String, ?> params) {
		int added = this.jdbc.sql("""
				insert into outbox (id, topic, message_key, type, source, subject, occurred_at, payload)
				select gen_random_uuid(), m.topic, m.message_key, m.type, '/podium/organisations/' || m.organisation_id,
				       m.subject, :occurredAt, m.payload
				from (%s) m
				""".formatted(query))
			.params(params)
			.param("occurredAt", OffsetDateTime.now(this.clock).withOffsetSameInstant(ZoneOffset.UTC))
			.update();
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
