package dev.podium.edge.results;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.podium.edge.participant.OptOut;
import dev.podium.edge.web.Rows;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads a challenge's snapshot in the leaderboard's order: winners first, then value in
 * the comparator's direction (both in {@code rank}), then participant. Names come from
 * the directory. A public board leaves out the participants that opted out; their rows
 * keep their place in the ranking, so the ranks shown keep the gaps.
 */
@Component
class Leaderboards {

	private static final String DIRECTORY = """
			from challenge_result r
			left join participant p on p.organisation_id = :organisation and p.participant_type = r.participant_type
			     and p.participant_id = r.participant_id
			where r.challenge_id = :challenge and
			""" + OptOut.SHOWN;

	private static final String ROWS = """
			select r.rank, r.participant_type as participanttype, r.participant_id as participantid, p.name,
			       r.metric_value as metricvalue, r.met::int as met, r.computed_at as computedat,
			""" + OptOut.OPTED_OUT + "\n" + DIRECTORY + "\norder by r.rank, r.participant_type, r.participant_id\n";

	private final JdbcClient jdbc;

	Leaderboards(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * @param everyone whether opted-out participants are shown too (an admin's board)
	 */
	List<Map<String, Object>> page(long organisationId, long challengeId, boolean everyone, int page, int perPage) {
		return this.jdbc.sql(ROWS + " limit :limit offset :offset")
			.param("organisation", organisationId)
			.param("everyone", everyone)
			.param("challenge", challengeId)
			.param("limit", perPage)
			.param("offset", (long) (page - 1) * perPage)
			.query(Rows::map)
			.list();
	}

	long count(long organisationId, long challengeId, boolean everyone) {
		if (everyone) {
			return this.jdbc.sql("select count(*) from challenge_result where challenge_id = :challenge")
				.param("challenge", challengeId)
				.query(Long.class)
				.single();
		}
		return this.jdbc.sql("select count(*) " + DIRECTORY)
			.param("organisation", organisationId)
			.param("everyone", false)
			.param("challenge", challengeId)
			.query(Long.class)
			.single();
	}

	/**
	 * Streams every row to a consumer with a cursor (call inside a transaction): a
	 * million rows never sit in memory.
	 */
	void each(long organisationId, long challengeId, boolean everyone, Consumer<Map<String, Object>> row) {
		this.jdbc.sql(ROWS)
			.withFetchSize(1000)
			.param("organisation", organisationId)
			.param("everyone", everyone)
			.param("challenge", challengeId)
			.query((rs) -> {
				row.accept(Rows.map(rs, 0));
			});
	}

}
