package dev.podium.closeworker.ingesting;

import java.util.ArrayList;
import java.util.List;

import dev.podium.contracts.ActivityRecorded;
import dev.podium.contracts.Topics;
import dev.podium.platform.activity.Activities;
import dev.podium.platform.kafka.IncomingMessage;
import dev.podium.platform.kafka.PoisonMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Persists each poll's activities in one statement. A record that cannot be decoded is
 * dead-lettered on its own: the records before it are written first, then the failure
 * names its index so that the error handler commits them, dead-letters it, and redelivers
 * the rest.
 */
@Component
class ActivityListener {

	private final Activities activities;

	ActivityListener(Activities activities) {
		this.activities = activities;
	}

	@KafkaListener(id = "close-worker-activities", topics = Topics.ACTIVITIES, groupId = "close-worker",
			concurrency = "${podium.worker.concurrency}", batch = "true",
			properties = { "max.poll.records=${podium.activities.max-batch:5000}", "fetch.min.bytes=65536",
					"fetch.max.wait.ms=100" })
	void on(List<ConsumerRecord<String, String>> records) {
		List<ActivityRecorded> decoded = new ArrayList<>(records.size());
		for (int i = 0; i < records.size(); i++) {
			try {
				IncomingMessage message = IncomingMessage.of(records.get(i));
				ActivityRecorded activity = Activities.decode(message);
				decoded.add(activity);
			}
			catch (PoisonMessage ex) {
				this.activities.persist(decoded);
				throw new BatchListenerFailedException(ex.getMessage(), ex, i);
			}
		}
		this.activities.persist(decoded);
	}

}
