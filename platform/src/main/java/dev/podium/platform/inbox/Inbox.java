package dev.podium.platform.inbox;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records which messages each consumer has handled; the primary key (consumer, message
 * id) is the guarantee.
 */
public class Inbox {

	private final JdbcClient jdbc;

	public Inbox(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records a message for a consumer inside the caller's transaction.
	 * @return true the first time, false when the consumer already handled the message
	 * (the caller then does nothing)
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public boolean firstTime(String consumer, UUID messageId, String messageType) {
		return this.jdbc.sql("""
				insert into inbox (consumer, message_id, message_type) values (:consumer, :id, :type)
				on conflict do nothing
				""").param("consumer", consumer).param("id", messageId).param("type", messageType).update() == 1;
	}

	/**
	 * Records a batch of messages for a consumer inside the caller's transaction, in one
	 * statement.
	 * @param messageIds the messages' ids
	 * @param messageTypes their types, in the same order
	 * @return the ids recorded now: the messages the consumer had not handled before (the
	 * caller acts on these only)
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Set<UUID> firstTimes(String consumer, List<UUID> messageIds, List<String> messageTypes) {
		if (messageIds.size() != messageTypes.size()) {
			throw new IllegalArgumentException("One type per message id");
		}
		if (messageIds.isEmpty()) {
			return Set.of();
		}
		return new HashSet<>(this.jdbc.sql("""
				insert into inbox (consumer, message_id, message_type)
				select :consumer, m.id, m.type
				from unnest(cast(:ids as uuid[]), cast(:types as text[])) as m(id, type)
				on conflict do nothing
				returning message_id
				""")
			.param("consumer", consumer)
			.param("ids", messageIds.toArray(UUID[]::new))
			.param("types", messageTypes.toArray(String[]::new))
			.query(UUID.class)
			.list());
	}

	/** Whether a consumer has handled a message. */
	public boolean handled(String consumer, UUID messageId) {
		return this.jdbc.sql("select count(*) from inbox where consumer = :consumer and message_id = :id")
			.param("consumer", consumer)
			.param("id", messageId)
			.query(Long.class)
			.single() > 0;
	}

}
