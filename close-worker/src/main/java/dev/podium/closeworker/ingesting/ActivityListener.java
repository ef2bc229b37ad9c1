package dev.podium.closeworker.ingesting;

import java.util.List;

import dev.podium.contracts.Topics;
import dev.podium.platform.activity.Activities;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Persists each poll's activities in one statement (a record that cannot be decoded is
 * dead-lettered on its own: {@link Activities#handlePoll}).
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
		Activities.handlePoll(records, this.activities::persist);
	}

}
