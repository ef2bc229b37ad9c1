package dev.podium.notificationworker.notifying;

import java.util.ArrayList;
import java.util.List;

import dev.podium.contracts.BadgeGranted;
import dev.podium.contracts.PointsRecorded;
import dev.podium.contracts.Topics;
import dev.podium.platform.kafka.IncomingMessage;
import dev.podium.platform.kafka.PoisonMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Turns each poll's awards and grants into notifications ({@link Notices}), written in
 * one statement; other participant events are skipped. A record that cannot be decoded is
 * dead-lettered on its own: the records before it are written first, then the failure
 * names its index.
 */
@Component
class ParticipantEventListener {

	private final Notifying notifying;

	ParticipantEventListener(Notifying notifying) {
		this.notifying = notifying;
	}

	@KafkaListener(id = "notification-worker-participant-events", topics = Topics.PARTICIPANT_EVENTS,
			groupId = "notification-worker", concurrency = "${podium.worker.concurrency}", batch = "true")
	void on(List<ConsumerRecord<String, String>> records) {
		List<Notice> notices = new ArrayList<>(records.size());
		for (int i = 0; i < records.size(); i++) {
			try {
				IncomingMessage message = IncomingMessage.of(records.get(i));
				if (PointsRecorded.TYPE.equals(message.type())) {
					Notices.of(message.id(), message.as(PointsRecorded.class)).ifPresent(notices::add);
				}
				else if (BadgeGranted.TYPE.equals(message.type())) {
					notices.add(Notices.of(message.id(), message.as(BadgeGranted.class)));
				}
			}
			catch (PoisonMessage ex) {
				write(notices);
				throw new BatchListenerFailedException(ex.getMessage(), ex, i);
			}
		}
		write(notices);
	}

	private void write(List<Notice> notices) {
		if (!notices.isEmpty()) {
			this.notifying.participantEvents(notices);
		}
	}

}
