package dev.podium.badgeruleworker.rules;

import java.util.List;

import dev.podium.contracts.Topics;
import dev.podium.platform.activity.Activities;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Hands each poll's activities to one evaluation (in this worker's own consumer group: it
 * does not wait for the close-worker to have written them). Polls as the close-worker's
 * activity listener does: up to 5,000 records, fetches that wait up to 100 ms for 64 KB,
 * so that a burst of activities is a few large statements rather than many small ones. A
 * record that cannot be decoded is dead-lettered on its own
 * ({@link Activities#handlePoll}).
 */
@Component
class ActivityListener {

	private final RuleEvaluation evaluation;

	ActivityListener(RuleEvaluation evaluation) {
		this.evaluation = evaluation;
	}

	@KafkaListener(id = "badge-rule-worker-activities", topics = Topics.ACTIVITIES, groupId = "badge-rule-worker",
			concurrency = "${podium.worker.concurrency}", batch = "true",
			properties = { "max.poll.records=${podium.activities.max-batch:5000}", "fetch.min.bytes=65536",
					"fetch.max.wait.ms=100" })
	void on(List<ConsumerRecord<String, String>> records) {
		Activities.handlePoll(records, this.evaluation::activitiesArrived);
	}

}
