package dev.podium.notificationworker.notifying;

import java.util.ArrayList;
import java.util.List;

import dev.podium.contracts.ChallengeClosed;
import dev.podium.contracts.Topics;
import dev.podium.platform.kafka.IncomingMessage;
import dev.podium.platform.kafka.PoisonMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Hands each poll's closes to one write of their participants' notifications; other
 * challenge events are skipped. A record that cannot be decoded is dead-lettered on its
 * own: the closes before it are written first, then the failure names its index.
 */
@Component
class ChallengeEventListener {

	private final Notifying notifying;

	ChallengeEventListener(Notifying notifying) {
		this.notifying = notifying;
	}

	@KafkaListener(id = "notification-worker-challenge-events", topics = Topics.CHALLENGE_EVENTS,
			groupId = "notification-worker", concurrency = "${podium.worker.concurrency}", batch = "true")
	void on(List<ConsumerRecord<String, String>> records) {
		List<Close> closes = new ArrayList<>(records.size());
		for (int i = 0; i < records.size(); i++) {
			try {
				IncomingMessage message = IncomingMessage.of(records.get(i));
				if (ChallengeClosed.TYPE.equals(message.type())) {
					closes.add(new Close(message.id(), message.as(ChallengeClosed.class)));
				}
			}
			catch (PoisonMessage ex) {
				write(closes);
				throw new BatchListenerFailedException(ex.getMessage(), ex, i);
			}
		}
		write(closes);
	}

	private void write(List<Close> closes) {
		if (!closes.isEmpty()) {
			this.notifying.challengesClosed(closes);
		}
	}

}
