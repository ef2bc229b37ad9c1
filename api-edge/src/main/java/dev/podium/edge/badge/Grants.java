package dev.podium.edge.badge;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.Temporal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.podium.edge.web.Rows;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The badge_grant table as the edge reads and writes it. Names come from the participant
 * directory, for a team (type 4) from the team when the directory has none.
 */
@Component
class Grants {

	private static final String VIEW = """
			select g.id, g.badge_id as badgeid, b.name as badgename, g.participant_type as participanttype,
			       g.participant_id as participantid, coalesce(p.name, t.name) as name, g.source,
			       g.challenge_id as challengeid, c.name as challengename, g.rule_id as ruleid, g.notes,
			       g.granted_at as grantedat, g.revoked_at as revokedat, g.revoke_reason as revokereason
			from badge_grant g
			join badge b on b.id = g.badge_id
			left join participant p on p.organisation_id = g.organisation_id
			     and p.participant_type = g.participant_type and p.participant_id = g.participant_id
			left join team t on g.participant_type = 4 and t.id = g.participant_id and t.organisation_id = g.organisation_id
			left join challenge c on c.id = g.challenge_id
			""";

	private static final String ORGANISATION_ZONE = "(select o.time_zone from organisation o where o.id = :organisation)";

	private final JdbcClient jdbc;

	Grants(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A page of the grants that pass the filter, newest first. */
	List<Map<String, Object>> list(long organisationId, GrantFilter filter, int page, int perPage) {
		Map<String, Object> params = new HashMap<>();
		String where = where(organisationId, filter, params);
		return this.jdbc.sql(VIEW + " where " + where + " order by g.id desc limit :limit offset :offset")
			.params(params)
			.param("limit", perPage)
			.param("offset", (long) (page - 1) * perPage)
			.query(Rows::map)
			.list();
	}

	long count(long organisationId, GrantFilter filter) {
		Map<String, Object> params = new HashMap<>();
		String where = where(organisationId, filter, params);
		return this.jdbc.sql("select count(*) from badge_grant g where " + where)
			.params(params)
			.query(Long.class)
			.single();
	}

	/**
	 * The filter's conditions, built from fixed fragments (never from input) so that each
	 * combination is planned for what it filters on.
	 */
	private static String where(long organisationId, GrantFilter f, Map<String, Object> params) {
		StringBuilder where = new StringBuilder("g.organisation_id = :organisation");
		params.put("organisation", organisationId);
		if (f.participantType() != null) {
			where.append(" and g.participant_type = :participantType");
			params.put("participantType", f.participantType());
		}
		if (f.participantId() != null) {
			where.append(" and g.participant_id = :participantId");
			params.put("participantId", f.participantId());
		}
		if (f.challengeId() != null) {
			where.append(" and g.challenge_id = :challengeId");
			params.put("challengeId", f.challengeId());
		}
		if (f.badgeId() != null) {
			where.append(" and g.badge_id = :badgeId");
			params.put("badgeId", f.badgeId());
		}
		if (f.from() instanceof LocalDate day) {
			where.append(" and g.granted_at >= cast(:fromDay as date)::timestamp at time zone " + ORGANISATION_ZONE);
			params.put("fromDay", java.sql.Date.valueOf(day));
		}
		else if (f.from() instanceof Instant at) {
			where.append(" and g.granted_at >= :fromAt");
			params.put("fromAt", utc(at));
		}
		if (f.to() instanceof LocalDate day) {
			where.append(" and g.granted_at < (cast(:toDay as date) + 1)::timestamp at time zone " + ORGANISATION_ZONE);
			params.put("toDay", java.sql.Date.valueOf(day));
		}
		else if (f.to() instanceof Instant at) {
			where.append(" and g.granted_at <= :toAt");
			params.put("toAt", utc(at));
		}
		if (!f.includeRevoked()) {
			where.append(" and g.revoked_at is null");
		}
		return where.toString();
	}

	/** One grant of the organisation, in the list's shape. */
	Optional<Map<String, Object>> find(long organisationId, long id) {
		return this.jdbc.sql(VIEW + " where g.organisation_id = :organisation and g.id = :id")
			.param("organisation", organisationId)
			.param("id", id)
			.query(Rows::map)
			.optional();
	}

	/**
	 * Writes a manual grant unless the participant already holds the badge by an
	 * unrevoked manual grant (the partial unique index decides, under any concurrency).
	 * @return the new grant's id, or empty when one was there
	 */
	Optional<Long> insertManual(long organisationId, long badgeId, int participantType, long participantId,
			String notes, Instant now) {
		return this.jdbc.sql("""
				insert into badge_grant (organisation_id, badge_id, participant_type, participant_id, source, notes,
				                         granted_at)
				values (:organisation, :badge, :participantType, :participantId, 'manual', :notes, :now)
				on conflict (organisation_id, badge_id, participant_type, participant_id)
				    where source = 'manual' and revoked_at is null do nothing
				returning id
				""")
			.param("organisation", organisationId)
			.param("badge", badgeId)
			.param("participantType", participantType)
			.param("participantId", participantId)
			.param("notes", notes)
			.param("now", utc(now))
			.query(Long.class)
			.optional();
	}

	/** The unrevoked manual grant of a badge to a participant. */
	Optional<Long> activeManual(long organisationId, long badgeId, int participantType, long participantId) {
		return this.jdbc.sql("""
				select id from badge_grant
				where organisation_id = :organisation and badge_id = :badge and participant_type = :participantType
				  and participant_id = :participantId and source = 'manual' and revoked_at is null
				""")
			.param("organisation", organisationId)
			.param("badge", badgeId)
			.param("participantType", participantType)
			.param("participantId", participantId)
			.query(Long.class)
			.optional();
	}

	/**
	 * Revokes an unrevoked grant of the organisation.
	 * @return whether a grant was revoked now
	 */
	boolean revoke(long organisationId, long id, String reason, Instant now) {
		return this.jdbc.sql("""
				update badge_grant set revoked_at = :now, revoke_reason = :reason
				where organisation_id = :organisation and id = :id and revoked_at is null
				""")
			.param("organisation", organisationId)
			.param("id", id)
			.param("reason", reason)
			.param("now", utc(now))
			.update() == 1;
	}

	boolean exists(long organisationId, long id) {
		return this.jdbc
			.sql("select exists (select 1 from badge_grant where organisation_id = :organisation and id = :id)")
			.param("organisation", organisationId)
			.param("id", id)
			.query(Boolean.class)
			.single();
	}

	/** Whether a team of the organisation exists (a grant to participant type 4). */
	boolean teamExists(long organisationId, long teamId) {
		return this.jdbc.sql("select exists (select 1 from team where organisation_id = :organisation and id = :id)")
			.param("organisation", organisationId)
			.param("id", teamId)
			.query(Boolean.class)
			.single();
	}

	private static OffsetDateTime utc(Instant at) {
		return at.atOffset(ZoneOffset.UTC);
	}

	/**
	 * The list's filters; {@code from} and {@code to} are a {@link LocalDate} (a whole
	 * day in the organisation's time zone) or an {@link Instant}, both inclusive.
	 */
	record GrantFilter(Integer participantType, Long participantId, Long challengeId, Long badgeId, Temporal from,
			Temporal to, boolean includeRevoked) {

	}

}
