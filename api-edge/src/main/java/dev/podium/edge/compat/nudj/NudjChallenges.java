package dev.podium.edge.compat.nudj;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The challenge table as the nudj endpoints read and write it. Every statement filters on
 * the organisation.
 */
@Component
class NudjChallenges {

	/**
	 * The derived lifecycle status in the organisation's time zone, the same expression
	 * as surface A's {@code GET /challenges?id=N}.
	 */
	private static final String STATUS = """
			case
			    when not c.active and c.closed then 'archived'
			    when not c.active then 'draft'
			    when c.closed or (now() at time zone o.time_zone)::date > c.end_date then 'expired'
			    when (now() at time zone o.time_zone)::date < c.start_date then 'scheduled'
			    else 'live'
			end""";

	private final JdbcClient jdbc;

	NudjChallenges(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * One challenge with what the nudj shapes need: its organisation, reward badge, the
	 * instants its dates start and end at in the organisation's time zone, and the counts
	 * of its results snapshot.
	 */
	Optional<Stored> find(long organisationId, long id) {
		return this.jdbc.sql("""
				select c.id, c.organisation_id, o.name as organisation_name, c.name, c.description, c.active, c.closed,
				       %s as status, c.reward_points, c.reward_badge_id, b.name as badge_name,
				       b.description as badge_description, b.icon_url as badge_icon_url,
				       b.locked_icon_url as badge_locked_icon_url, c.created_at, c.updated_at,
				       case when c.start_date > date '0001-01-01'
				            then c.start_date::timestamp at time zone o.time_zone end as starts_at,
				       case when c.end_date < date '9999-12-31'
				            then (c.end_date + 1)::timestamp at time zone o.time_zone end as expires_at,
				       c.nudj_settings::text as settings,
				       (select count(*) from challenge_result r where r.challenge_id = c.id) as started,
				       (select count(*) from challenge_result r where r.challenge_id = c.id and r.met) as completed
				from challenge c
				join organisation o on o.id = c.organisation_id
				left join badge b on b.id = c.reward_badge_id
				where c.organisation_id = :organisation and c.id = :id
				""".formatted(STATUS))
			.param("organisation", organisationId)
			.param("id", id)
			.query(NudjChallenges::stored)
			.optional();
	}

	/**
	 * Locks one challenge until the end of the transaction and reads what an update
	 * changes.
	 */
	Optional<Locked> lock(long organisationId, long id) {
		return this.jdbc.sql("""
				select c.name, c.description, c.start_date, c.end_date, c.active, c.closed, o.time_zone,
				       c.nudj_settings::text
				from challenge c join organisation o on o.id = c.organisation_id
				where c.organisation_id = :organisation and c.id = :id
				for update of c
				""")
			.param("organisation", organisationId)
			.param("id", id)
			.query((rs, row) -> new Locked(rs.getString(1), rs.getString(2), rs.getDate(3).toLocalDate(),
					rs.getDate(4).toLocalDate(), rs.getBoolean(5), rs.getBoolean(6), rs.getString(7), rs.getString(8)))
			.optional();
	}

	/** Rewrites what the nudj update may change of a locked challenge. */
	void update(long organisationId, long id, Locked c) {
		this.jdbc.sql("""
				update challenge set name = :name, description = :description, start_date = :startDate,
				    end_date = :endDate, active = :active, nudj_settings = cast(:settings as jsonb), updated_at = now()
				where organisation_id = :organisation and id = :id
				""")
			.param("organisation", organisationId)
			.param("id", id)
			.param("name", c.name())
			.param("description", c.description())
			.param("startDate", Date.valueOf(c.startDate()))
			.param("endDate", Date.valueOf(c.endDate()))
			.param("active", c.active())
			.param("settings", c.settings())
			.update();
	}

	/** The derived status of a challenge, as of the current transaction. */
	String status(long organisationId, long id) {
		return this.jdbc.sql("select " + STATUS + """
				 from challenge c join organisation o on o.id = c.organisation_id
				where c.organisation_id = :organisation and c.id = :id
				""").param("organisation", organisationId).param("id", id).query(String.class).single();
	}

	/**
	 * One participant's part in a challenge: its snapshot row (whether scored and whether
	 * it meets the threshold), the points its close earned it (reason 0 ledger rows) and
	 * its unrevoked grants from the challenge.
	 */
	Progress progress(long organisationId, long challengeId, int participantType, long participantId) {
		var row = this.jdbc.sql("""
				select r.met,
				       (select coalesce(sum(l.points), 0) from ledger l
				        where l.challenge_id = :challenge and l.participant_type = :type
				          and l.participant_id = :participant and l.reason = 0
				          and l.organisation_id = :organisation) as earned
				from (select 1) one
				left join challenge_result r on r.challenge_id = :challenge and r.participant_type = :type
				     and r.participant_id = :participant
				""")
			.param("organisation", organisationId)
			.param("challenge", challengeId)
			.param("type", participantType)
			.param("participant", participantId)
			.query((rs, n) -> {
				boolean met = rs.getBoolean(1);
				boolean scored = !rs.wasNull();
				return new Progress(scored, met, rs.getLong(2), List.of());
			})
			.single();
		List<Grant> grants = this.jdbc.sql("""
				select g.id, g.badge_id from badge_grant g
				where g.organisation_id = :organisation and g.participant_type = :type
				  and g.participant_id = :participant and g.challenge_id = :challenge and g.source = 'challenge'
				  and g.revoked_at is null
				order by g.id
				""")
			.param("organisation", organisationId)
			.param("challenge", challengeId)
			.param("type", participantType)
			.param("participant", participantId)
			.query((rs, n) -> new Grant(rs.getLong(1), rs.getLong(2)))
			.list();
		return new Progress(row.scored(), row.met(), row.earnedPoints(), grants);
	}

	private static Stored stored(ResultSet rs, int row) throws SQLException {
		long badge = rs.getLong("reward_badge_id");
		Long rewardBadgeId = rs.wasNull() ? null : badge;
		RewardBadge rewardBadge = (rewardBadgeId != null && rs.getString("badge_name") != null)
				? new RewardBadge(rewardBadgeId, rs.getString("badge_name"), rs.getString("badge_description"),
						rs.getString("badge_icon_url"), rs.getString("badge_locked_icon_url"))
				: null;
		return new Stored(rs.getLong("id"), rs.getLong("organisation_id"), rs.getString("organisation_name"),
				rs.getString("name"), rs.getString("description"), rs.getBoolean("active"), rs.getBoolean("closed"),
				rs.getString("status"), rs.getLong("reward_points"), rewardBadge,
				rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
				instant(rs.getTimestamp("starts_at")), instant(rs.getTimestamp("expires_at")), rs.getString("settings"),
				rs.getLong("started"), rs.getLong("completed"));
	}

	/**
	 * A challenge as the nudj shapes need it.
	 *
	 * @param id the challenge id
	 * @param organisationId its organisation
	 * @param organisationName the organisation's name (the community's)
	 * @param name the name (details.title)
	 * @param description the description
	 * @param active whether it is active
	 * @param closed whether it is closed
	 * @param status the derived lifecycle status
	 * @param rewardPoints the points each winner earns
	 * @param rewardBadge the badge each winner earns, or null
	 * @param createdAt when it was created
	 * @param updatedAt when it last changed
	 * @param startsAt the start of its start date in the organisation's time zone
	 * @param expiresAt the end of its end date in the organisation's time zone
	 * @param settings the stored nudj settings (JSON object)
	 * @param started participants in the results snapshot
	 * @param completed participants in the snapshot that meet the threshold
	 */
	record Stored(long id, long organisationId, String organisationName, String name, String description,
			boolean active, boolean closed, String status, long rewardPoints, RewardBadge rewardBadge,
			Instant createdAt, Instant updatedAt, Instant startsAt, Instant expiresAt, String settings, long started,
			long completed) {

	}

	/** A challenge's reward badge. */
	record RewardBadge(long id, String name, String description, String iconUrl, String lockedIconUrl) {

	}

	/** What a nudj update may change of a challenge, as locked and as rewritten. */
	record Locked(String name, String description, LocalDate startDate, LocalDate endDate, boolean active,
			boolean closed, String timeZone, String settings) {

	}

	/** A participant's part in a challenge. */
	record Progress(boolean scored, boolean met, long earnedPoints, List<Grant> grants) {

	}

	/** A grant of the challenge's badge. */
	record Grant(long id, long badgeId) {

	}

	private static Instant instant(java.sql.Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
