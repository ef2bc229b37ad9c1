package dev.podium.platform.inbox;

import java.util.UUID;

import dev.podium.contracts.ChallengeClosed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records that a consumer received a challenge's close: the badge-rule-worker records
 * each close it evaluates, after its own inbox check, so that a close's arrival can be
 * traced.
 */
public class ChallengeCloseReceipts {

	private static final Logger log = LoggerFactory.getLogger(ChallengeCloseReceipts.class);

	private final JdbcClient jdbc;

	public ChallengeCloseReceipts(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records a close inside the caller's transaction, for a consumer that did its own
	 * inbox check.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void record(String consumer, UUID messageId, ChallengeClosed event) {
		this.jdbc.sql("""
				insert into challenge_close_receipt (consumer, challenge_id, organisation_id, message_id)
				values (:consumer, :challenge, :organisation, :message)
				""")
			.param("consumer", consumer)
			.param("challenge", event.challengeId())
			.param("organisation", event.organisationId())
			.param("message", messageId)
			.update();
		log.info("{} received the close of challenge {} (organisation {})", consumer, event.challengeId(),
				event.organisationId());
	}

}
