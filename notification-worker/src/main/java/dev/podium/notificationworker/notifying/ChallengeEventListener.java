package dev.podium.notificationworker.notifying;

import dev.podium.contracts.Topics;
import dev.podium.platform.inbox.ChallengeCloseReceipts;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Receives challenge events; records each close once (inbox-protected).
 */
@Component
class ChallengeEventListener {

	private final ChallengeCloseReceipts receipts;

	ChallengeEventListener(ChallengeCloseReceipts receipts) {
		this.receipts = receipts;
	}

	@KafkaListener(id = "notification-worker-challenge-events", topics = Topics.CHALLENGE_EVENTS,
			groupId = "notification-worker", concurrency = "${podium.worker.concurrency}")
	void on(ConsumerRecord<String, String> record) {
		this.receipts.receive("notification-worker", record);
	}

}
