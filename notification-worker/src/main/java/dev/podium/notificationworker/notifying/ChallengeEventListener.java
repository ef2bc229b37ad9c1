package dev.podium.notificationworker.notifying;

import dev.podium.contracts.ChallengeClosed;
import dev.podium.contracts.Topics;
import dev.podium.platform.inbox.ChallengeCloseReceipts;
import dev.podium.platform.kafka.IncomingMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Receives challenge events; records each close once (inbox-protected).
 */
@Component
class ChallengeEventListener {

	static final String CONSUMER = "notification-worker";

	private static final Logger log = LoggerFactory.getLogger(ChallengeEventListener.class);

	private final ChallengeCloseReceipts receipts;

	ChallengeEventListener(ChallengeCloseReceipts receipts) {
		this.receipts = receipts;
	}

	@KafkaListener(id = "notification-worker-challenge-events", topics = Topics.CHALLENGE_EVENTS,
			groupId = "notification-worker", concurrency = "${podium.worker.concurrency}")
	void on(ConsumerRecord<String, String> record) {
		IncomingMessage message = IncomingMessage.of(record);
		if (ChallengeClosed.TYPE.equals(message.type())) {
			ChallengeClosed event = message.as(ChallengeClosed.class);
			if (this.receipts.record(CONSUMER, message.id(), event)) {
				log.info("Received close of challenge {} (organisation {})", event.challengeId(),
						event.organisationId());
			}
		}
	}

}
