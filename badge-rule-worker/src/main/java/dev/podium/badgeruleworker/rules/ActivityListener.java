package dev.podium.badgeruleworker.rules;

import java.util.List;

import dev.podium.contracts.Topics;
import dev.podium.platform.activity.Activities;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Hands each poll's activities to one evaluation, in this worker's own consumer group:
 * once the close-worker has written them ({@link ActivityWriterProgress}), or, when it
 * does not run or does not get there in time, writing them first. Polls as the
 * close-worker's activity listener does: up to 5,000 records, fetches that wait up to 100
 * ms for 64 KB, so that a burst of activities is a few large statements rather than many
 * small ones. A record that cannot be decoded is dead-lettered on its own
 * ({@link Activities#handlePoll}).
 */
@Component
class ActivityListener {

	private final RuleEvaluation evaluation;

	private final ActivityWriterProgress writer;

	ActivityListener(RuleEvaluation evaluation, ActivityWriterProgress writer) {
		this.evaluation = evaluation;
		this.writer = writer;
	}

	@KafkaListener(id = "badge-rule-worker-activities", topics = Topics.ACTIVITIES, groupId = "badge-rule-worker",
			concurrency = "${podium.worker.concurrency}", batch = "true",
			properties = { "max.poll.records=${podium.activities.max-batch:5000}", "fetch.min.bytes=65536",
					"fetch.max.wait.ms=100" })
	void on(List<ConsumerRecord<String, String>> records) throws InterruptedException {
		if (this.writer.awaitWritten(records)) {
			Activities.handlePoll(records, this.evaluation::activitiesWritten);
		}
		else {
			Activities.handlePoll(records, this.evaluation::activitiesArrived);
		}
	}

}
