package dev.podium.closeworker.closing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.podium.closeworker.scoring.ResultsComputing;
import dev.podium.contracts.AutoClose;
import dev.podium.contracts.ChallengeClosed;
import dev.podium.contracts.CloseChallenge;
import dev.podium.contracts.PreviewClose;
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
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Closes a challenge in one transaction: the inbox row, the awards (ledger rows, grants
 * and their events), the closed flag, the {@link ChallengeClosed} event and the job's end
 * commit together or not at all. Previews answer what a close would award now and write
 * nothing but the job's end.
 */
@Service
class ChallengeClosing {

	static final String CONSUMER = "close-worker";

	/** How many winners a preview lists; the counts cover all of them. */
	static final int PREVIEW_WINNERS = 100;

	private static final Logger log = LoggerFactory.getLogger(ChallengeClosing.class);

	private final JdbcClient jdbc;

	private final Inbox inbox;

	private final Outbox outbox;

	private final Jobs jobs;

	private final Awards awards;

	private final ResultsComputing computing;

	private final TransactionTemplate tx;

	private final Clock clock;

	private final CloseMetrics metrics;

	ChallengeClosing(JdbcClient jdbc, Inbox inbox, Outbox outbox, Jobs jobs, Awards awards, ResultsComputing computing,
			TransactionTemplate tx, Clock clock, CloseMetrics metrics) {
		this.metrics = metrics;
		this.computing = computing;
		this.tx = tx;
		this.jdbc = jdbc;
		this.inbox = inbox;
		this.outbox = outbox;
		this.jobs = jobs;
		this.awards = awards;
		this.clock = clock;
	}

	@Transactional
	void close(UUID messageId, CloseChallenge command) {
		if (!this.inbox.firstTime(CONSUMER, messageId, CloseChallenge.TYPE)) {
			log.info("Close command {} for challenge {} was handled before; nothing to do", messageId,
					command.challengeId());
			return;
		}
		Optional<ClosingChallenge> found = lock(command.organisationId(), command.challengeId());
		if (found.isEmpty() || found.get().closed()) {
			refuse(command.jobId(), command.organisationId(), command.challengeId(), found.isEmpty());
			return;
		}
		Map<String, Object> result = closeLocked(found.get());
		this.jobs.succeed(command.jobId(), result);
		log.info("Closed challenge {} (organisation {}, job {}): {}", command.challengeId(), command.organisationId(),
				command.jobId(), result);
	}

	/**
	 * Closes every eligible challenge of an organisation, each in its own transaction
	 * after a fresh compute: one failing challenge does not hold back the others, and a
	 * redelivered run finds the closed ones no longer eligible.
	 */
	void autoClose(AutoClose command) {
		List<Long> eligible = this.jdbc.sql("""
				select c.id from challenge c join organisation o on o.id = c.organisation_id
				where c.organisation_id = :organisation and c.autoclose and c.active and not c.closed
				  and c.end_date < (now() at time zone o.time_zone)::date
				order by c.end_date, c.id
				""").param("organisation", command.organisationId()).query(Long.class).list();
		int closed = 0;
		for (long id : eligible) {
			Boolean done = this.tx.execute((status) -> {
				Optional<ClosingChallenge> found = lock(command.organisationId(), id);
				if (found.isEmpty() || found.get().closed()) {
					return false;
				}
				this.computing.rules(command.organisationId(), id).ifPresent(this.computing::recompute);
				closeLocked(found.get());
				return true;
			});
			closed += Boolean.TRUE.equals(done) ? 1 : 0;
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("scanned", eligible.size());
		result.put("closed", closed);
		this.tx.executeWithoutResult((status) -> this.jobs.succeed(command.jobId(), result));
		log.info("Auto-close for organisation {} (job {}): {} scanned, {} closed", command.organisationId(),
				command.jobId(), eligible.size(), closed);
	}

	/**
	 * Awards the winners, marks the challenge closed and announces it; the caller holds
	 * the row lock.
	 */
	private Map<String, Object> closeLocked(ClosingChallenge challenge) {
		long started = System.nanoTime();
		Instant now = this.clock.instant();
		Payout payout = this.awards.payout(challenge);
		long winners = payout.winners();
		long awarded = this.awards.points(challenge, payout, now);
		long granted = this.awards.badges(challenge, payout, now);
		long points = payout.points();
		this.jdbc.sql("update challenge set closed = true, closed_at = now(), updated_at = now() where id = :id")
			.param("id", challenge.id())
			.update();
		this.outbox.add(new OutboxMessage(Topics.CHALLENGE_EVENTS, Long.toString(challenge.id()), ChallengeClosed.TYPE,
				challenge.organisationId(), "challenges/" + challenge.id(), new ChallengeClosed(
						challenge.organisationId(), challenge.id(), challenge.name(), winners, points, now)));
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("challengeid", challenge.id());
		result.put("winners", winners);
		result.put("pointseach", challenge.rewardPoints());
		result.put("points", points);
		result.put("badgeid", challenge.rewardBadgeId());
		result.put("grants", granted);
		result.put("ledgerrows", awarded);
		result.putAll(payout.describe(challenge.maxWinners()));
		this.metrics.closed(started, awarded, granted);
		return result;
	}

	/** Answers what a close would award now; writes nothing but the job's end. */
	@Transactional
	void preview(PreviewClose command) {
		Optional<ClosingChallenge> found = read(command.organisationId(), command.challengeId());
		if (found.isEmpty() || found.get().closed()) {
			refuse(command.jobId(), command.organisationId(), command.challengeId(), found.isEmpty());
			return;
		}
		ClosingChallenge challenge = found.get();
		Payout payout = this.awards.payout(challenge);
		List<Map<String, Object>> listed = Awards.bands(this.jdbc.sql("""
				select r.participant_type as participanttype, r.participant_id as participantid, p.name,
				       r.metric_value as metricvalue, r.rank, %s as points
				from challenge_result r
				left join participant p on p.organisation_id = :organisation and p.participant_type = r.participant_type
				     and p.participant_id = r.participant_id
				where r.challenge_id = :challenge and r.met and r.rank < :cutoff
				order by r.rank, r.participant_type, r.participant_id
				limit :limit
				""".formatted(Awards.points(challenge))), challenge)
			.param("organisation", challenge.organisationId())
			.param("challenge", challenge.id())
			.param("cutoff", payout.cutoffRank())
			.param("limit", PREVIEW_WINNERS)
			.query()
			.listOfRows();
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("challengeid", challenge.id());
		result.put("winners", payout.winners());
		result.put("pointseach", challenge.rewardPoints());
		result.put("points", payout.points());
		result.put("badgeid", challenge.rewardBadgeId());
		result.putAll(payout.describe(challenge.maxWinners()));
		result.put("listed", listed);
		this.jobs.succeed(command.jobId(), result);
	}

	private void refuse(long jobId, long organisationId, long challengeId, boolean missing) {
		ApiError error = missing ? new ApiError(404, "not_found", "challenge not found", null)
				: new ApiError(409, "challenge_closed", "the challenge is already closed", null);
		this.jobs.fail(jobId, error);
		log.info("Job {} refused for challenge {} (organisation {}): {}", jobId, challengeId, organisationId,
				error.code());
	}

	private Optional<ClosingChallenge> lock(long organisationId, long challengeId) {
		return select(organisationId, challengeId, " for update");
	}

	private Optional<ClosingChallenge> read(long organisationId, long challengeId) {
		return select(organisationId, challengeId, "");
	}

	private Optional<ClosingChallenge> select(long organisationId, long challengeId, String lock) {
		return this.jdbc.sql("""
				select id, organisation_id, name, closed, reward_points, reward_badge_id, max_winners,
				       (select array_agg((b ->> 'fromrank')::int order by (b ->> 'fromrank')::int)
				        from jsonb_array_elements(payout_bands) b) as from_ranks,
				       (select array_agg((b ->> 'torank')::int order by (b ->> 'fromrank')::int)
				        from jsonb_array_elements(payout_bands) b) as to_ranks,
				       (select array_agg((b ->> 'points')::bigint order by (b ->> 'fromrank')::int)
				        from jsonb_array_elements(payout_bands) b) as band_points
				from challenge
				where organisation_id = :organisation and id = :id
				""" + lock)
			.param("organisation", organisationId)
			.param("id", challengeId)
			.query((rs, n) -> new ClosingChallenge(rs.getLong("id"), rs.getLong("organisation_id"),
					rs.getString("name"), rs.getBoolean("closed"), rs.getLong("reward_points"),
					(Long) rs.getObject("reward_badge_id"), bands(rs), (Integer) rs.getObject("max_winners")))
			.optional();
	}

	/**
	 * The payout bands from the three arrays of {@link #select}, sorted by first rank.
	 */
	private static List<ClosingChallenge.Band> bands(ResultSet rs) throws SQLException {
		java.sql.Array from = rs.getArray("from_ranks");
		if (from == null) {
			return List.of();
		}
		Integer[] fromRanks = (Integer[]) from.getArray();
		Integer[] toRanks = (Integer[]) rs.getArray("to_ranks").getArray();
		Long[] points = (Long[]) rs.getArray("band_points").getArray();
		List<ClosingChallenge.Band> bands = new ArrayList<>();
		for (int i = 0; i < fromRanks.length; i++) {
			bands.add(new ClosingChallenge.Band(fromRanks[i], toRanks[i], points[i]));
		}
		return bands;
	}

}
