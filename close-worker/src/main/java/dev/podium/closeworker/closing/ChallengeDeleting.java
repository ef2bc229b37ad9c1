package dev.podium.closeworker.closing;

import java.util.LinkedHashMap;
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

	private static final String TIMESTAMP = "to_char(now() at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";

	private final JdbcClient jdbc;

	private final Inbox inbox;

	private final Outbox outbox;

	private final Jobs jobs;

	ChallengeDeleting(JdbcClient jdbc, Inbox inbox, Outbox outbox, Jobs jobs) {
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
		this.outbox.addSelected(
				"""
						select :topic as topic, l.participant_type || ':' || l.participant_id as message_key,
						       '%s' as type, l.organisation_id, 'participants/' || l.participant_type || ':' || l.participant_id as subject,
						       json_build_object('organisationId', l.organisation_id, 'ledgerId', l.id,
						                         'participantType', l.participant_type, 'participantId', l.participant_id,
						                         'points', l.points, 'reason', l.reason, 'challengeId', l.challenge_id,
						                         'removedAt', %s)::text as payload
						from ledger l where l.organisation_id = :organisation and l.challenge_id = :challenge
						"""
					.formatted(PointsRemoved.TYPE, TIMESTAMP),
				params);
		this.outbox.addSelected(
				"""
						select :topic as topic, g.participant_type || ':' || g.participant_id as message_key,
						       '%s' as type, g.organisation_id, 'participants/' || g.participant_type || ':' || g.participant_id as subject,
						       json_build_object('organisationId', g.organisation_id, 'grantId', g.id, 'badgeId', g.badge_id,
						                         'participantType', g.participant_type, 'participantId', g.participant_id,
						                         'source', g.source, 'challengeId', g.challenge_id, 'reason', 'challenge deleted',
						                         'revokedAt', %s)::text as payload
						from badge_grant g where g.organisation_id = :organisation and g.challenge_id = :challenge
						"""
					.formatted(BadgeRevoked.TYPE, TIMESTAMP),
				params);
		int ledger = this.jdbc
			.sql("delete from ledger where organisation_id = :organisation and challenge_id = :challenge")
			.params(params)
			.update();
		int grants = this.jdbc
			.sql("delete from badge_grant where organisation_id = :organisation and challenge_id = :challenge")
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
