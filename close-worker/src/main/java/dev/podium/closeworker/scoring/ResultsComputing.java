package dev.podium.closeworker.scoring;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.podium.contracts.ComputeResults;
import dev.podium.platform.error.ApiError;
import dev.podium.platform.job.Jobs;
import dev.podium.platform.results.PayoutBands;
import dev.podium.platform.results.ResultsSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Recomputes a challenge's snapshot from the activities in one transaction: readers see
 * the old snapshot or the new one, never a mix. Never awards.
 */
@Service
public class ResultsComputing {

	private static final Logger log = LoggerFactory.getLogger(ResultsComputing.class);

	/** Memory for the compute's sorts and hash aggregates, per transaction. */
	static final String WORK_MEM = "256MB";

	private final JdbcClient jdbc;

	private final ResultsSnapshot snapshots;

	private final Jobs jobs;

	private final Clock clock;

	ResultsComputing(JdbcClient jdbc, ResultsSnapshot snapshots, Jobs jobs, Clock clock) {
		this.jdbc = jdbc;
		this.snapshots = snapshots;
		this.jobs = jobs;
		this.clock = clock;
	}

	@Transactional
	public void compute(ComputeResults command) {
		// The challenge's row lock, as close and delete take it. A compute and a close of
		// one challenge may run at once (the two lanes, an auto-close keyed by
		// organisation); the close must read one snapshot in all its statements, and a
		// compute that waited for a close then finds it closed.
		this.jdbc.sql("select id from challenge where organisation_id = :o and id = :id for update")
			.param("o", command.organisationId())
			.param("id", command.challengeId())
			.query(Long.class)
			.optional();
		Optional<ScoringRules> found = rules(command.organisationId(), command.challengeId());
		if (found.isEmpty() || found.get().closed()) {
			this.jobs.fail(command.jobId(), found.isEmpty()
					? new ApiError(404, "not_found", "challenge not found", null)
					: new ApiError(409, "challenge_closed", "the results of a closed challenge cannot change", null));
			return;
		}
		Map<String, Object> result = recompute(found.get());
		this.jobs.succeed(command.jobId(), result);
		log.info("Computed challenge {} (organisation {}, job {}): {}", command.challengeId(), command.organisationId(),
				command.jobId(), result);
	}

	/**
	 * Replaces the snapshot of a challenge, inside the caller's transaction.
	 * @return the figures of the new snapshot
	 */
	public Map<String, Object> recompute(ScoringRules rules) {
		Instant now = this.clock.instant();
		// Ranking a million participants sorts and groups a million rows: with the
		// default 4 MB they
		// spill to disk. This transaction alone gets more (see docs/benchmarks.md for the
		// plan).
		this.jdbc.sql("set local work_mem = '" + WORK_MEM + "'").update();
		MetricQuery query = MetricQuery.of(rules);
		int participants = this.snapshots.replaceScored(
				new ResultsSnapshot.Challenge(rules.id(), rules.comparator(), rules.threshold()), rules.scope(),
				query.sql(), query.params(), now);
		// The winners a close would award now: the cap applied (decision 0016).
		long winners = this.jdbc.sql("""
				select count(*) from challenge_result r where r.challenge_id = :c and r.met
				  and r.rank < (select %s from challenge c where c.id = :c)
				""".formatted(PayoutBands.cutoffRank("c.id", "c.max_winners")))
			.param("c", rules.id())
			.query(Long.class)
			.single();
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("challengeid", rules.id());
		result.put("participants", participants);
		result.put("winners", winners);
		result.put("computedat", now.toString());
		return result;
	}

	public Optional<ScoringRules> rules(long organisationId, long challengeId) {
		return this.jdbc.sql("""
				select c.id, c.organisation_id, o.time_zone, c.metric, c.scope, c.scope_id, c.threshold, c.comparator,
				       c.start_date, c.end_date, c.prior_period_start, c.prior_period_end, c.streak_threshold,
				       c.group_filter, c.rule_json, c.closed
				from challenge c join organisation o on o.id = c.organisation_id
				where c.organisation_id = :organisation and c.id = :id
				""").param("organisation", organisationId).param("id", challengeId).query((rs, n) -> {
			java.sql.Date priorStart = rs.getDate("prior_period_start");
			java.sql.Date priorEnd = rs.getDate("prior_period_end");
			return new ScoringRules(rs.getLong("id"), rs.getLong("organisation_id"), rs.getString("time_zone"),
					rs.getInt("metric"), rs.getInt("scope"), (Long) rs.getObject("scope_id"),
					rs.getBigDecimal("threshold"), rs.getInt("comparator"), rs.getDate("start_date").toLocalDate(),
					rs.getDate("end_date").toLocalDate(), (priorStart != null) ? priorStart.toLocalDate() : null,
					(priorEnd != null) ? priorEnd.toLocalDate() : null, rs.getBigDecimal("streak_threshold"),
					rs.getString("group_filter"), rs.getString("rule_json"), rs.getBoolean("closed"));
		}).optional();
	}

}
