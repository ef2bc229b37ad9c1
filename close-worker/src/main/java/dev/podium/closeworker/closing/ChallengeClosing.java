package dev.podium.closeworker.closing;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.podium.contracts.ChallengeClosed;
import dev.podium.contracts.CloseChallenge;
import dev.podium.contracts.Topics;
import dev.podium.platform.error.ApiError;
import dev.podium.platform.inbox.Inbox;
import dev.podium.platform.job.Jobs;
import dev.podium.platform.outbox.Outbox;
import dev.podium.platform.outbox.OutboxMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Closes a challenge in one transaction: the inbox row, the closed flag, the
 * {@link ChallengeClosed} event and the job's end commit together or not at all.
 */
@Service
class ChallengeClosing {

	static final String CONSUMER = "close-worker";

	private static final Logger log = LoggerFactory.getLogger(ChallengeClosing.class);

	private final JdbcClient jdbc;

	private final Inbox inbox;

	private final Outbox outbox;

	private final Jobs jobs;

	private final Clock clock;

	ChallengeClosing(JdbcClient jdbc, Inbox inbox, Outbox outbox, Jobs jobs, Clock clock) {
		this.jdbc = jdbc;
		this.inbox = inbox;
		this.outbox = outbox;
		this.jobs = jobs;
		this.clock = clock;
	}

	@Transactional
	void close(UUID messageId, CloseChallenge command) {
		if (!this.inbox.firstTime(CONSUMER, messageId, CloseChallenge.TYPE)) {
			log.info("Close command {} for challenge {} was handled before; nothing to do", messageId,
					command.challengeId());
			return;
		}
		var challenge = this.jdbc.sql("""
				select name, closed from challenge
				where organisation_id = :organisation and id = :id
				for update
				""")
			.param("organisation", command.organisationId())
			.param("id", command.challengeId())
			.query((rs, n) -> new OpenChallenge(rs.getString("name"), rs.getBoolean("closed")))
			.optional();
		if (challenge.isEmpty()) {
			this.jobs.fail(command.jobId(), new ApiError(404, "not_found", "challenge not found", null));
			log.info("Close job {} failed: challenge {} not found (organisation {})", command.jobId(),
					command.challengeId(), command.organisationId());
			return;
		}
		if (challenge.get().closed()) {
			this.jobs.fail(command.jobId(),
					new ApiError(409, "challenge_closed", "the challenge is already closed", null));
			log.info("Close job {} refused: challenge {} is already closed (organisation {})", command.jobId(),
					command.challengeId(), command.organisationId());
			return;
		}
		Instant now = this.clock.instant();
		this.jdbc.sql("update challenge set closed = true, closed_at = :now, updated_at = :now where id = :id")
			.param("id", command.challengeId())
			.param("now", Timestamp.from(now))
			.update();
		long winners = 0;
		long points = 0;
		this.outbox.add(new OutboxMessage(Topics.CHALLENGE_EVENTS, Long.toString(command.challengeId()),
				ChallengeClosed.TYPE, command.organisationId(), "challenges/" + command.challengeId(),
				new ChallengeClosed(command.organisationId(), command.challengeId(), challenge.get().name(), winners,
						points, now)));
		this.jobs.succeed(command.jobId(),
				Map.of("challengeid", command.challengeId(), "winners", winners, "points", points));
		log.info("Closed challenge {} (organisation {}, job {}): {} winners, {} points", command.challengeId(),
				command.organisationId(), command.jobId(), winners, points);
	}

	private record OpenChallenge(String name, boolean closed) {
	}

}
