package dev.podium.closeworker.closing;

import dev.podium.closeworker.scoring.ResultsComputing;
import dev.podium.contracts.AutoClose;
import dev.podium.contracts.CloseChallenge;
import dev.podium.contracts.DeleteChallenge;
import dev.podium.contracts.ComputeResults;
import dev.podium.contracts.PreviewClose;
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
 * Decodes commands and hands each to its use case. Commands for other workers are
 * skipped.
 */
@Component
class CommandListener {

	private static final Logger log = LoggerFactory.getLogger(CommandListener.class);

	private final Jobs jobs;

	private final ChallengeClosing closing;

	private final ResultsComputing computing;

	private final ChallengeDeleting deleting;

	CommandListener(Jobs jobs, ChallengeClosing closing, ResultsComputing computing, ChallengeDeleting deleting) {
		this.deleting = deleting;
		this.jobs = jobs;
		this.closing = closing;
		this.computing = computing;
	}

	@KafkaListener(id = "close-worker-commands", topics = Topics.COMMANDS, groupId = "close-worker",
			concurrency = "${podium.worker.concurrency}")
	void on(ConsumerRecord<String, String> record) {
		IncomingMessage message = IncomingMessage.of(record);
		if (CloseChallenge.TYPE.equals(message.type())) {
			CloseChallenge command = message.as(CloseChallenge.class);
			JobStatus status = this.jobs.start(command.jobId());
			if (status == JobStatus.CANCELED) {
				log.info("Close job {} for challenge {} was canceled; skipping", command.jobId(),
						command.challengeId());
				return;
			}
			this.closing.close(message.id(), command);
		}
		else if (ComputeResults.TYPE.equals(message.type())) {
			ComputeResults command = message.as(ComputeResults.class);
			if (this.jobs.start(command.jobId()) == JobStatus.RUNNING) {
				this.computing.compute(command);
			}
		}
		else if (DeleteChallenge.TYPE.equals(message.type())) {
			DeleteChallenge command = message.as(DeleteChallenge.class);
			if (this.jobs.start(command.jobId()) != JobStatus.CANCELED) {
				this.deleting.delete(message.id(), command);
			}
		}
		else if (AutoClose.TYPE.equals(message.type())) {
			AutoClose command = message.as(AutoClose.class);
			if (this.jobs.start(command.jobId()) == JobStatus.RUNNING) {
				this.closing.autoClose(command);
			}
		}
		else if (PreviewClose.TYPE.equals(message.type())) {
			PreviewClose command = message.as(PreviewClose.class);
			if (this.jobs.start(command.jobId()) == JobStatus.RUNNING) {
				this.closing.preview(command);
			}
		}
	}

}
