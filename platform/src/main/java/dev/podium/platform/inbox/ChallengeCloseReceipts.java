package dev.podium.platform.inbox;

import java.util.UUID;

import dev.podium.contracts.ChallengeClosed;
import dev.podium.platform.kafka.IncomingMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records that a consumer received a challenge's close, inbox-protected: a redelivered
 * event adds nothing. The notification-worker records its receipt here until it does its
 * real work on closes; the badge-rule-worker records it beside its rule evaluation.
 */
public class ChallengeCloseReceipts {

	private static final Logger log = LoggerFactory.getLogger(ChallengeCloseReceipts.class);

	private final JdbcClient jdbc;

	private final Inbox inbox;

	public ChallengeCloseReceipts(JdbcClient jdbc, Inbox inbox) {
		this.jdbc = jdbc;
		this.inbox = inbox;
	}

	/**
	 * Decodes a record of the challenge events topic and records a close once, in one
	 * transaction with the inbox row; other types are skipped.
	 * @throws dev.podium.platform.kafka.PoisonMessage if the record cannot be decoded
	 */
	@Transactional
	public void receive(String consumer, ConsumerRecord<String, String> record) {
		IncomingMessage message = IncomingMessage.of(record);
		if (!ChallengeClosed.TYPE.equals(message.type())) {
			return;
		}
		ChallengeClosed event = message.as(ChallengeClosed.class);
		if (!this.inbox.firstTime(consumer, message.id(), ChallengeClosed.TYPE)) {
			return;
		}
		record(consumer, message.id(), event);
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
