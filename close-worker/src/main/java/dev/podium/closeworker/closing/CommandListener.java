package dev.podium.closeworker.closing;

import java.util.function.Consumer;
import java.util.function.ToLongFunction;

import dev.podium.closeworker.expiry.PointsExpiry;
import dev.podium.closeworker.scoring.ResultsComputing;
import dev.podium.contracts.AutoClose;
import dev.podium.contracts.CloseChallenge;
import dev.podium.contracts.DeleteChallenge;
import dev.podium.contracts.ExpirePoints;
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

	private final PointsExpiry expiry;

	CommandListener(Jobs jobs, ChallengeClosing closing, ResultsComputing computing, ChallengeDeleting deleting,
			PointsExpiry expiry) {
		this.deleting = deleting;
		this.expiry = expiry;
		this.jobs = jobs;
		this.closing = closing;
		this.computing = computing;
	}

	@KafkaListener(id = "close-worker-commands", topics = Topics.COMMANDS, groupId = "close-worker",
			concurrency = "${podium.worker.concurrency}")
	void on(ConsumerRecord<String, String> record) {
		handle(record);
	}

	/**
	 * The bulk lane: the same commands when they are large (see
	 * {@link Topics#BULK_COMMANDS}), on consumers of their own, so that a close of a
	 * million winners holds up only other large work.
	 */
	@KafkaListener(id = "close-worker-bulk-commands", topics = Topics.BULK_COMMANDS, groupId = "close-worker",
			concurrency = "${podium.worker.bulk-concurrency}")
	void onBulk(ConsumerRecord<String, String> record) {
		handle(record);
	}

	private void handle(ConsumerRecord<String, String> record) {
		IncomingMessage message = IncomingMessage.of(record);
		switch (message.type()) {
			case CloseChallenge.TYPE -> whenRunning(message.as(CloseChallenge.class), CloseChallenge::jobId,
					(command) -> this.closing.close(message.id(), command));
			case ComputeResults.TYPE ->
				whenRunning(message.as(ComputeResults.class), ComputeResults::jobId, this.computing::compute);
			case PreviewClose.TYPE ->
				whenRunning(message.as(PreviewClose.class), PreviewClose::jobId, this.closing::preview);
			case AutoClose.TYPE -> whenRunning(message.as(AutoClose.class), AutoClose::jobId, this.closing::autoClose);
			case DeleteChallenge.TYPE -> whenRunning(message.as(DeleteChallenge.class), DeleteChallenge::jobId,
					(command) -> this.deleting.delete(message.id(), command));
			case ExpirePoints.TYPE -> whenRunning(message.as(ExpirePoints.class), ExpirePoints::jobId,
					(command) -> this.expiry.expire(message.id(), command));
			default -> {
				// Another worker's command.
			}
		}
	}

	/**
	 * Moves the command's job to running and runs the command only while it is: a
	 * canceled job is skipped, and so is a redelivered command whose job already ended.
	 */
	private <C> void whenRunning(C command, ToLongFunction<C> jobId, Consumer<C> action) {
		long job = jobId.applyAsLong(command);
		JobStatus status = this.jobs.start(job);
		if (status != JobStatus.RUNNING) {
			log.info("Job {} is {}; skipping its command", job, status.wireName());
			return;
		}
		action.accept(command);
	}

}
