package dev.podium.badgeruleworker.rules;

import dev.podium.contracts.BackfillRule;
import dev.podium.contracts.Topics;
import dev.podium.platform.job.JobStatus;
import dev.podium.platform.job.Jobs;
import dev.podium.platform.kafka.IncomingMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Decodes rule commands and runs each while its job is running: a canceled job is
 * skipped, and so is a redelivered command whose job already ended.
 */
@Component
class RuleCommandListener {

	private static final Logger log = LoggerFactory.getLogger(RuleCommandListener.class);

	private final Jobs jobs;

	private final RuleBackfill backfill;

	RuleCommandListener(Jobs jobs, RuleBackfill backfill) {
		this.jobs = jobs;
		this.backfill = backfill;
	}

	@KafkaListener(id = "badge-rule-worker-rule-commands", topics = Topics.RULE_COMMANDS, groupId = "badge-rule-worker",
			concurrency = "${podium.worker.concurrency}")
	void on(ConsumerRecord<String, String> record) {
		IncomingMessage message = IncomingMessage.of(record);
		if (!BackfillRule.TYPE.equals(message.type())) {
			return;
		}
		BackfillRule command = message.as(BackfillRule.class);
		JobStatus status = this.jobs.start(command.jobId());
		if (status != JobStatus.RUNNING) {
			log.info("Job {} is {}; skipping its command", command.jobId(), status.wireName());
			return;
		}
		this.backfill.run(message.id(), command);
	}

}
