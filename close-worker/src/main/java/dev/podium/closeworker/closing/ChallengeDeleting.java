package dev.podium.closeworker.closing;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.podium.contracts.BadgeRevoked;
import dev.podium.contracts.DeleteChallenge;
import dev.podium.contracts.PointsRemoved;
import dev.podium.contracts.Topics;
import dev.podium.platform.error.ApiError;
import dev.podium.platform.inbox.Inbox;
import dev.podium.platform.job.Jobs;
import dev.podium.platform.outbox.Outbox;
import dev.podium.platform.outbox.ParticipantEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Deletes a challenge in one transaction: an event for every ledger row and grant it
 * removes (set-based), then the rows, the results and the challenge, then the job's end.
 */
@Service
class ChallengeDeleting {

	private static final Logger log = LoggerFactory.getLogger(ChallengeDeleting.class);

	private final JdbcClient jdbc;

	private final Inbox inbox;

	private final Outbox outbox;

	private final Jobs jobs;

	private final Clock clock;

	ChallengeDeleting(JdbcClient jdbc, Inbox inbox, Outbox outbox, Jobs jobs, Clock clock) {
		this.clock = clock;
		this.jdbc = jdbc;
		this.inbox = inbox;
		this.outbox = outbox;
		this.jobs = jobs;
	}

	@Transactional
	void delete(UUID messageId, DeleteChallenge command) {
		if (!this.inbox.firstTime(ChallengeClosing.CONSUMER, messageId, DeleteChallenge.TYPE)) {
			return;
		}
		boolean found = this.jdbc.sql("select id from challenge where organisation_id = :o and id = :id for update")
			.param("o", command.organisationId())
			.param("id", command.challengeId())
			.query(Long.class)
			.optional()
			.isPresent();
		if (!found) {
			this.jobs.fail(command.jobId(), new ApiError(404, "not_found", "challenge not found", null));
			return;
		}
		Map<String, Object> params = Map.of("topic", Topics.PARTICIPANT_EVENTS, "challenge", command.challengeId(),
				"organisation", command.organisationId());
		Instant now = this.clock.instant();
		Map<String, Object> removed = new LinkedHashMap<>();
		removed.put("organisationId", command.organisationId());
		removed.put("challengeId", command.challengeId());
		removed.put("removedAt", now);
		this.outbox.addChunked(
				new ParticipantEvents(Topics.PARTICIPANT_EVENTS, PointsRemoved.TYPE, command.organisationId(), removed,
						List.of("ledgerId", "participantType", "participantId", "points", "reason"), "ledgerId"),
				"""
						select l.id as "ledgerId", l.participant_type as "participantType",
						       l.participant_id as "participantId", l.points, l.reason
						from ledger l where l.organisation_id = :organisation and l.challenge_id = :challenge and l.reason = 0
						""",
				params);
		Map<String, Object> revoked = new LinkedHashMap<>();
		revoked.put("organisationId", command.organisationId());
		revoked.put("source", "challenge");
		revoked.put("challengeId", command.challengeId());
		revoked.put("reason", "challenge deleted");
		revoked.put("revokedAt", now);
		this.outbox.addChunked(
				new ParticipantEvents(Topics.PARTICIPANT_EVENTS, BadgeRevoked.TYPE, command.organisationId(), revoked,
						List.of("grantId", "badgeId", "participantType", "participantId"), "grantId"),
				"""
						select g.id as "grantId", g.badge_id as "badgeId", g.participant_type as "participantType",
						       g.participant_id as "participantId"
						from badge_grant g where g.organisation_id = :organisation and g.challenge_id = :challenge
						  and g.source = 'challenge'
						""", params);
		int ledger = this.jdbc.sql(
				"delete from ledger where organisation_id = :organisation and challenge_id = :challenge and reason = 0")
			.params(params)
			.update();
		int grants = this.jdbc.sql(
				"delete from badge_grant where organisation_id = :organisation and challenge_id = :challenge and source = 'challenge'")
			.params(params)
			.update();
		this.jdbc.sql("delete from challenge where organisation_id = :organisation and id = :challenge")
			.params(params)
			.update();
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("challengeid", command.challengeId());
		result.put("ledgerrows", ledger);
		result.put("grants", grants);
		this.jobs.succeed(command.jobId(), result);
		log.info("Deleted challenge {} (organisation {}, job {}): {} ledger rows, {} grants", command.challengeId(),
				command.organisationId(), command.jobId(), ledger, grants);
	}

}
