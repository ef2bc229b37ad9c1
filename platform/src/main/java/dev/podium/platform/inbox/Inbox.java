package dev.podium.platform.inbox;

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

	/** Whether a consumer has handled a message. */
	public boolean handled(String consumer, UUID messageId) {
		return this.jdbc.sql("select count(*) from inbox where consumer = :consumer and message_id = :id")
			.param("consumer", consumer)
			.param("id", messageId)
			.query(Long.class)
			.single() > 0;
	}

}
