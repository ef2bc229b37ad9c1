package dev.podium.edge.challenge;

import java.util.Set;
import java.util.function.LongFunction;

import dev.podium.contracts.AutoClose;
import dev.podium.contracts.CloseChallenge;
import dev.podium.contracts.DeleteChallenge;
import dev.podium.contracts.ComputeResults;
import dev.podium.contracts.PreviewClose;
import dev.podium.contracts.Topics;
import dev.podium.platform.error.ApiException;
import dev.podium.platform.job.Jobs;
import dev.podium.platform.outbox.Outbox;
import dev.podium.platform.outbox.OutboxMessage;
import dev.podium.platform.security.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records a job and publishes its command in one transaction.
 */
@Service
class ChallengeCommands {

	private static final Logger log = LoggerFactory.getLogger(ChallengeCommands.class);

	private final Challenges challenges;

	private final Jobs jobs;

	private final Outbox outbox;

	private final JdbcClient jdbc;

	private final int bulkThreshold;

	ChallengeCommands(Challenges challenges, Jobs jobs, Outbox outbox, JdbcClient jdbc,
			@Value("${podium.commands.bulk-threshold:10000}") int bulkThreshold) {
		this.challenges = challenges;
		this.jobs = jobs;
		this.outbox = outbox;
		this.jdbc = jdbc;
		this.bulkThreshold = bulkThreshold;
	}

	/**
	 * Queues the close of a challenge. A closed challenge, or one whose close is already
	 * queued or running, is a 409; the close-worker refuses a second close that slips
	 * past this check.
	 * @return the job id
	 */
	@Transactional
	long requestClose(Caller caller, long challengeId) {
		long organisation = caller.organisationId();
		requireOpen(organisation, challengeId);
		Set<String> pending = this.jobs.pendingTypes(organisation, challengeId);
		if (pending.contains("close")) {
			throw ApiException.conflict("close_in_progress", "a close of this challenge is already queued");
		}
		return queue(organisation, challengeId, pending, "close", CloseChallenge.TYPE,
				(jobId) -> new CloseChallenge(jobId, organisation, challengeId));
	}

	/**
	 * Queues a compute of a challenge's results snapshot from the activities.
	 * @return the job id
	 */
	@Transactional
	long requestCompute(Caller caller, long challengeId) {
		return queueOnOpen(caller, challengeId, "compute", ComputeResults.TYPE,
				(jobId) -> new ComputeResults(jobId, caller.organisationId(), challengeId));
	}

	/**
	 * Queues a preview of a challenge's close: what it would award now.
	 * @return the job id
	 */
	@Transactional
	long requestPreview(Caller caller, long challengeId) {
		return queueOnOpen(caller, challengeId, "preview", PreviewClose.TYPE,
				(jobId) -> new PreviewClose(jobId, caller.organisationId(), challengeId));
	}

	/**
	 * Queues a job and its command for an open challenge of the caller's organisation.
	 */
	private long queueOnOpen(Caller caller, long challengeId, String jobType, String commandType,
			LongFunction<Record> command) {
		requireOpen(caller.organisationId(), challengeId);
		return queue(caller.organisationId(), challengeId, this.jobs.pendingTypes(caller.organisationId(), challengeId),
				jobType, commandType, command);
	}

	/**
	 * Records a job and publishes its command, keyed by the challenge, in the caller's
	 * transaction. The command is also sent straight to Kafka after the commit (ahead of
	 * the relay, which may be minutes behind a large close) unless another job of the
	 * challenge is still pending: then it goes through the relay alone, which keeps it
	 * behind that job's command (commit order), as one challenge's commands must run in
	 * the order they were queued.
	 * @param pending the types of the challenge's queued and running jobs
	 */
	private long queue(long organisation, long challengeId, Set<String> pending, String jobType, String commandType,
			LongFunction<Record> command) {
		long jobId = this.jobs.create(organisation, jobType, challengeId);
		OutboxMessage message = command(organisation, challengeId, commandType, command.apply(jobId));
		boolean ahead = pending.isEmpty();
		if (ahead) {
			this.outbox.addAndSendAhead(message);
		}
		else {
			this.outbox.add(message);
		}
		log.info("Queued {} job {} for challenge {} (organisation {}) on {}{}", jobType, jobId, challengeId,
				organisation, message.topic(), ahead ? "" : ", behind the challenge's pending job");
		return jobId;
	}

	/**
	 * Queues the delete of a challenge with its results, ledger rows and grants.
	 * @return the job id
	 */
	@Transactional
	long requestDelete(Caller caller, long challengeId) {
		long organisation = caller.organisationId();
		this.challenges.find(organisation, challengeId).orElseThrow(() -> ApiException.notFound("challenge"));
		return queue(organisation, challengeId, this.jobs.pendingTypes(organisation, challengeId), "delete",
				DeleteChallenge.TYPE, (jobId) -> new DeleteChallenge(jobId, organisation, challengeId));
	}

	/**
	 * Queues an auto-close run over an organisation's eligible challenges.
	 * @return the job id
	 */
	@Transactional
	long requestAutoClose(long organisation) {
		long jobId = this.jobs.create(organisation, "autoclose", null);
		// Recomputes and closes every eligible challenge of the organisation: the bulk
		// lane.
		this.outbox.add(new OutboxMessage(Topics.BULK_COMMANDS, "organisations/" + organisation, AutoClose.TYPE,
				organisation, "organisations/" + organisation, new AutoClose(jobId, organisation)));
		log.info("Auto-close run queued as job {} (organisation {})", jobId, organisation);
		return jobId;
	}

	private void requireOpen(long organisation, long challengeId) {
		var challenge = this.challenges.find(organisation, challengeId)
			.orElseThrow(() -> ApiException.notFound("challenge"));
		if (Integer.valueOf(1).equals(challenge.get("closed"))) {
			throw ApiException.conflict("challenge_closed", "the challenge is already closed");
		}
	}

	private OutboxMessage command(long organisation, long challengeId, String type, Record command) {
		return new OutboxMessage(lane(challengeId), Long.toString(challengeId), type, organisation,
				"challenges/" + challengeId, command);
	}

	/**
	 * The bulk lane for a challenge whose snapshot holds more than the bulk threshold of
	 * participants (its close, preview, compute and delete take seconds to minutes), the
	 * standard lane otherwise. Counts at most threshold + 1 rows of the snapshot's
	 * primary key. A first compute has no snapshot yet and takes the standard lane.
	 */
	private String lane(long challengeId) {
		long rows = this.jdbc.sql("""
				select count(*) from (select 1 from challenge_result where challenge_id = :c limit :n) r
				""").param("c", challengeId).param("n", this.bulkThreshold + 1).query(Long.class).single();
		return (rows > this.bulkThreshold) ? Topics.BULK_COMMANDS : Topics.COMMANDS;
	}

}
