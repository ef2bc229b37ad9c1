package dev.podium.platform.results;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Replaces a challenge's results snapshot as a whole. {@code met} is the value against
 * the challenge's comparator and threshold; rank is the competition rank ("1224") on the
 * leaderboard's order: winners first, then value (descending for {@code >=}, ascending
 * for {@code <=}). Every row shares one {@code computed_at}. Set-based: one statement for
 * any number of rows.
 */
public class ResultsSnapshot {

	/**
	 * The ranking, shared by uploads and computes: rows come from
	 * {@code scored(t, id, v)}.
	 */
	static final String RANKED = """
			select :challenge, t, id, v, m,
			       rank() over (order by m desc,
			                    case when :comparator = 0 then v end desc,
			                    case when :comparator = 1 then v end asc),
			       :computedAt
			from (select t, id, v,
			             case when :comparator = 0 then v >= :threshold else v <= :threshold end as m
			      from scored) s
			""";

	private final JdbcClient jdbc;

	public ResultsSnapshot(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Replaces the snapshot with uploaded rows, inside the caller's transaction.
	 * @return how many rows the snapshot holds
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public int replace(Challenge challenge, List<Row> rows, Instant computedAt) {
		this.jdbc.sql("delete from challenge_result where challenge_id = :challenge")
			.param("challenge", challenge.id())
			.update();
		return this.jdbc
			.sql("""
					insert into challenge_result (challenge_id, participant_type, participant_id, metric_value, met, rank,
					                              computed_at)
					with scored as (
					    select u.t::smallint as t, u.id, u.v
					    from unnest(cast(:types as smallint[]), cast(:ids as bigint[]), cast(:values as numeric[])) as u(t, id, v)
					)
					"""
					+ RANKED)
			.param("challenge", challenge.id())
			.param("comparator", challenge.comparator())
			.param("threshold", challenge.threshold())
			.param("computedAt", Timestamp.from(computedAt))
			.param("types", rows.stream().map((r) -> (short) r.participantType()).toArray(Short[]::new))
			.param("ids", rows.stream().map(Row::participantId).toArray(Long[]::new))
			.param("values", rows.stream().map(Row::metricValue).toArray(BigDecimal[]::new))
			.update();
	}

	/**
	 * Replaces the snapshot with the rows of a scoring query, inside the caller's
	 * transaction: one statement, however many participants.
	 * @param scored a SELECT yielding {@code (id, v)}: participant id and metric value;
	 * rows with a null value are not scored
	 * @param params the query's parameters
	 * @return how many rows the snapshot holds
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public int replaceScored(Challenge challenge, int participantType, String scored, Map<String, ?> params,
			Instant computedAt) {
		this.jdbc.sql("delete from challenge_result where challenge_id = :challenge")
			.param("challenge", challenge.id())
			.update();
		return this.jdbc.sql("""
				insert into challenge_result (challenge_id, participant_type, participant_id, metric_value, met, rank,
				                              computed_at)
				with scored as (
				    select cast(:participantType as smallint) as t, q.id, round(q.v, 4) as v
				    from (%s) as q(id, v)
				    where q.v is not null
				)
				""".formatted(scored) + RANKED)
			.params(params)
			.param("participantType", participantType)
			.param("challenge", challenge.id())
			.param("comparator", challenge.comparator())
			.param("threshold", challenge.threshold())
			.param("computedAt", Timestamp.from(computedAt))
			.update();
	}

	/**
	 * What ranking needs of a challenge.
	 *
	 * @param id the challenge
	 * @param comparator 0 for {@code >=}, 1 for {@code <=}
	 * @param threshold the value a winner must reach
	 */
	public record Challenge(long id, int comparator, BigDecimal threshold) {
	}

	/**
	 * One participant's value.
	 *
	 * @param participantType the participant's type
	 * @param participantId the participant's id
	 * @param metricValue the value
	 */
	public record Row(int participantType, long participantId, BigDecimal metricValue) {
	}

}
