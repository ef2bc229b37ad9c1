package dev.podium.edge.leaderboard;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;

import dev.podium.edge.participant.OptOut;
import dev.podium.edge.web.Rows;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Ranks an organisation's participants of one type by the points they earned (ledger
 * reason 0, the closes' awards) in a window: competition rank ("1224"), ties in
 * participant order. A public board leaves out the participants that opted out; the
 * others keep the ranks as computed. Set-based: one aggregate over the ledger's earned
 * rows by time.
 */
@Component
class PointsLeaderboards {

	private static final String RANKED = """
			with ranked as (
			    select e.participant_type, e.participant_id, e.points, rank() over (order by e.points desc) as rank
			    from (select l.participant_type, l.participant_id, sum(l.points) as points
			          from ledger l
			          where l.organisation_id = :organisation and l.participant_type = :type and l.reason = 0
			            and l.created_at >= :from and l.created_at < :to
			          group by l.participant_type, l.participant_id) e)
			""";

	private static final String VISIBLE = """
			from ranked r
			left join participant p on p.organisation_id = :organisation and p.participant_type = r.participant_type
			     and p.participant_id = r.participant_id
			where
			""" + OptOut.SHOWN + "\n";

	private final JdbcClient jdbc;

	PointsLeaderboards(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	List<Map<String, Object>> page(long organisationId, int type, LeaderboardWindow window, boolean everyone, int page,
			int perPage) {
		return this.jdbc
			.sql(RANKED
					+ """
							select r.rank, r.participant_type as participanttype, r.participant_id as participantid, p.name, r.points,
							"""
					+ OptOut.OPTED_OUT + "\n" + VISIBLE + """
							order by r.rank, r.participant_type, r.participant_id
							limit :limit offset :offset
							""")
			.params(params(organisationId, type, window, everyone))
			.param("limit", perPage)
			.param("offset", (long) (page - 1) * perPage)
			.query(Rows::map)
			.list();
	}

	long count(long organisationId, int type, LeaderboardWindow window, boolean everyone) {
		return this.jdbc.sql(RANKED + "select count(*) " + VISIBLE)
			.params(params(organisationId, type, window, everyone))
			.query(Long.class)
			.single();
	}

	private static Map<String, Object> params(long organisationId, int type, LeaderboardWindow window,
			boolean everyone) {
		return Map.of("organisation", organisationId, "type", type, "from", Timestamp.from(window.from()), "to",
				Timestamp.from(window.to()), "everyone", everyone);
	}

}
