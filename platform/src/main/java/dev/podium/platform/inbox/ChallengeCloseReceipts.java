package dev.podium.platform.inbox;

import java.util.UUID;

import dev.podium.contracts.ChallengeClosed;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records that a consumer received a challenge's close, inbox-protected: a redelivered
 * event adds nothing. The notification and badge-rule workers record their receipt here
 * until they do their real work on closes.
 */
public class ChallengeCloseReceipts {

	private final JdbcClient jdbc;

	private final Inbox inbox;

	public ChallengeCloseReceipts(JdbcClient jdbc, Inbox inbox) {
		this.jdbc = jdbc;
		this.inbox = inbox;
	}

	/**
	 * @return true if this was the first delivery of the event to the consumer
	 */
	@Transactional
	public boolean record(String consumer, UUID messageId, ChallengeClosed event) {
		if (!this.inbox.firstTime(consumer, messageId, ChallengeClosed.TYPE)) {
			return false;
		}
		this.jdbc.sql("""
				insert into challenge_close_receipt (consumer, challenge_id, organisation_id, message_id)
				values (:consumer, :challenge, :organisation, :message)
				""")
			.param("consumer", consumer)
			.param("challenge", event.challengeId())
			.param("organisation", event.organisationId())
			.param("message", messageId)
			.update();
		return true;
	}

	/** How many receipts a consumer holds for a challenge (0 or 1). */
	public long count(String consumer, long challengeId) {
		return this.jdbc.sql("select count(*) from challenge_close_receipt where consumer = :c and challenge_id = :id")
			.param("c", consumer)
			.param("id", challengeId)
			.query(Long.class)
			.single();
	}

}
