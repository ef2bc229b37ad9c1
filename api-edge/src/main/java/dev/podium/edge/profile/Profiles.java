package dev.podium.edge.profile;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.podium.edge.web.Rows;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The reads behind a participant's profile; each one uses the participant's index on its
 * table and is bounded.
 */
@Component
class Profiles {

	/** The most badges a profile lists; {@code badgesearned} counts them all. */
	static final int MAX_BADGES = 100;

	/** The most open challenges and ledger rows a profile lists. */
	static final int MAX_ROWS = 20;

	private final JdbcClient jdbc;

	Profiles(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The whole profile, read from one snapshot so that its parts agree.
	 */
	@Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
	Map<String, Object> profile(long organisationId, int type, long id, Instant now) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("success", true);
		body.put("participanttype", type);
		body.put("participantid", id);
		body.putAll(directory(organisationId, type, id));
		body.putAll(totals(organisationId, type, id));
		body.put("badges", badges(organisationId, type, id));
		body.put("challenges", challenges(organisationId, type, id, now));
		body.put("ledger", ledger(organisationId, type, id));
		return body;
	}

	/**
	 * The participant's directory entry: {@code name} (the directory's, for a team the
	 * team's when the directory has none; null when neither has one), {@code identifier}
	 * (the recipient its badge credentials name, null for the default) and {@code optout}
	 * (hidden from public leaderboards).
	 */
	private Map<String, Object> directory(long organisationId, int type, long id) {
		return this.jdbc.sql("""
				select coalesce(p.name, (select name from team where :type = 4 and organisation_id = :organisation
				                                                   and id = :id)) as name,
				       p.credential_identifier as identifier, coalesce(p.public_opt_out, false) as optout
				from (select 1) as one
				left join participant p
				  on p.organisation_id = :organisation and p.participant_type = :type and p.participant_id = :id
				""").param("organisation", organisationId).param("type", type).param("id", id).query((rs, row) -> {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("name", rs.getString("name"));
			entry.put("identifier", rs.getString("identifier"));
			entry.put("optout", rs.getBoolean("optout"));
			return entry;
		}).single();
	}

	/**
	 * {@code balance} (sum of the rows), {@code lifetimeearned} (sum of the positive
	 * rows), {@code spent} (absolute sum of the negative rows), {@code badgesearned}
	 * (unrevoked grants): zeros for a participant without history.
	 */
	private Map<String, Object> totals(long organisationId, int type, long id) {
		return this.jdbc.sql("""
				select coalesce(sum(l.points), 0) as balance,
				       coalesce(sum(l.points) filter (where l.points > 0), 0) as lifetimeearned,
				       coalesce(-sum(l.points) filter (where l.points < 0), 0) as spent,
				       (select count(*) from badge_grant g
				        where g.organisation_id = :organisation and g.participant_type = :type
				          and g.participant_id = :id and g.revoked_at is null) as badgesearned
				from ledger l
				where l.organisation_id = :organisation and l.participant_type = :type and l.participant_id = :id
				""")
			.param("organisation", organisationId)
			.param("type", type)
			.param("id", id)
			.query(Rows::map)
			.single();
	}

	/**
	 * Unrevoked grants, newest first, with the badge and the awarding challenge or rule.
	 */
	private List<Map<String, Object>> badges(long organisationId, int type, long id) {
		return this.jdbc.sql("""
				select g.id as grantid, g.badge_id as badgeid, b.name, b.description, b.icon, b.colour, b.tier,
				       b.category, b.icon_url as iconurl, b.locked_icon_url as lockediconurl, g.source,
				       g.challenge_id as challengeid, c.name as challengename, g.rule_id as ruleid,
				       g.granted_at as grantedat
				from badge_grant g
				join badge b on b.id = g.badge_id
				left join challenge c on c.id = g.challenge_id
				where g.organisation_id = :organisation and g.participant_type = :type and g.participant_id = :id
				  and g.revoked_at is null
				order by g.id desc
				limit :limit
				""")
			.param("organisation", organisationId)
			.param("type", type)
			.param("id", id)
			.param("limit", MAX_BADGES)
			.query(Rows::map)
			.list();
	}

	/**
	 * Active, open challenges of the participant's type (all of its type, or this
	 * participant's own when the challenge has a {@code scopeid}) that have not ended by
	 * today in the organisation's time zone, nearest end first.
	 */
	private List<Map<String, Object>> challenges(long organisationId, int type, long id, Instant now) {
		return this.jdbc.sql("""
				select c.id, c.name, c.start_date as startdate, c.end_date as enddate,
				       case when today.d < c.start_date then 'scheduled' else 'live' end as status
				from challenge c
				cross join (select (cast(:now as timestamptz) at time zone o.time_zone)::date as d
				            from organisation o where o.id = :organisation) today
				where c.organisation_id = :organisation and c.active and not c.closed and c.scope = :type
				  and (c.scope_id is null or c.scope_id = :id) and c.end_date >= today.d
				order by c.end_date, c.id
				limit :limit
				""")
			.param("organisation", organisationId)
			.param("type", type)
			.param("id", id)
			.param("now", now.atOffset(ZoneOffset.UTC))
			.param("limit", MAX_ROWS)
			.query(Rows::map)
			.list();
	}

	/** The latest ledger rows with their reason label. */
	private List<Map<String, Object>> ledger(long organisationId, int type, long id) {
		return this.jdbc.sql("""
				select l.id, l.created_at as createdat, l.challenge_id as challengeid, l.points, l.reason,
				       case l.reason when 0 then 'earned' when 1 then 'redeemed' when 2 then 'expired'
				                     else 'adjusted' end as reasonlabel,
				       l.notes
				from ledger l
				where l.organisation_id = :organisation and l.participant_type = :type and l.participant_id = :id
				order by l.id desc
				limit :limit
				""")
			.param("organisation", organisationId)
			.param("type", type)
			.param("id", id)
			.param("limit", MAX_ROWS)
			.query(Rows::map)
			.list();
	}

}
