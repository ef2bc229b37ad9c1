package dev.podium.edge.compat.badgedefinitions;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.podium.platform.error.ApiError;
import dev.podium.platform.error.ApiException;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The badge table read as badge definitions, with each badge's criteria rule and earned
 * count, and written with the seed's fields. A definition belongs to an organisation (the
 * seed's {@code organisation_id} is never empty), so an organisation sees and changes
 * only its own badges here; global badges stay on {@code /badges}. Active names are
 * unique per organisation (V11's index).
 */
@Component
class BadgeDefinitions {

	/**
	 * A badge with the live rule that holds its criteria (the latest changed when several
	 * do) and, when asked, its unrevoked grants in the organisation.
	 */
	private static final String VIEW = """
			select b.id, b.organisation_id, b.name, b.description, b.icon_url, b.locked_icon_url, b.category,
			       b.active, b.created_at, b.updated_at, r.rule_type, r.kind, r.threshold, %s as earned
			from badge b
			left join lateral (
			    select r.rule_type, r.kind, r.threshold from badge_rule r
			    where r.organisation_id = :organisation and r.badge_id = b.id and r.deleted_at is null and %s
			    order by r.updated_at desc, r.id desc limit 1) r on true
			where b.organisation_id = :organisation
			""";

	private static final String EARNED = """
			(select count(*) from badge_grant g
			 where g.organisation_id = :organisation and g.badge_id = b.id and g.revoked_at is null)""";

	private final JdbcClient jdbc;

	BadgeDefinitions(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A page of the organisation's definitions, oldest first (no earned count).
	 */
	List<Definition> list(long organisationId, int page, int limit) {
		return this.jdbc
			.sql(VIEW.formatted("0", Criteria.RULE_CONDITION) + " order by b.id limit :limit offset :offset")
			.param("organisation", organisationId)
			.param("limit", limit)
			.param("offset", (long) (page - 1) * limit)
			.query(BadgeDefinitions::definition)
			.list();
	}

	long count(long organisationId) {
		return this.jdbc.sql("select count(*) from badge b where b.organisation_id = :organisation")
			.param("organisation", organisationId)
			.query(Long.class)
			.single();
	}

	/** One of the organisation's definitions, with its earned count. */
	Optional<Definition> find(long organisationId, long id) {
		return this.jdbc.sql(VIEW.formatted(EARNED, Criteria.RULE_CONDITION) + " and b.id = :id")
			.param("organisation", organisationId)
			.param("id", id)
			.query(BadgeDefinitions::definition)
			.optional();
	}

	/**
	 * Locks one of the organisation's own badges until the end of the transaction, so
	 * that concurrent updates of its criteria apply one after the other.
	 * @return whether the organisation has that badge
	 */
	boolean lock(long organisationId, long id) {
		return this.jdbc.sql("select id from badge where organisation_id = :organisation and id = :id for update")
			.param("organisation", organisationId)
			.param("id", id)
			.query(Long.class)
			.optional()
			.isPresent();
	}

	/** Creates a badge; an active name taken in the organisation is a 409. */
	long insert(long organisationId, Settings s) {
		try {
			return this.jdbc.sql("""
					insert into badge (organisation_id, name, description, icon_url, locked_icon_url, category, active)
					values (:organisation, :name, :description, :iconUrl, :lockedIconUrl, :category, :active)
					returning id
					""").params(parameters(s)).param("organisation", organisationId).query(Long.class).single();
		}
		catch (DuplicateKeyException ex) {
			throw nameTaken(s.name());
		}
	}

	/**
	 * Rewrites the seed's fields of one of the organisation's own badges; its other
	 * fields (icon, colour, tier) stay. An active name taken by another badge is a 409.
	 */
	void update(long organisationId, long id, Settings s) {
		try {
			this.jdbc.sql("""
					update badge set name = :name, description = :description, icon_url = :iconUrl,
					    locked_icon_url = :lockedIconUrl, category = :category, active = :active, updated_at = now()
					where organisation_id = :organisation and id = :id
					""").params(parameters(s)).param("organisation", organisationId).param("id", id).update();
		}
		catch (DuplicateKeyException ex) {
			throw nameTaken(s.name());
		}
	}

	/**
	 * Soft delete: deactivates one of the organisation's own badges; its grants stay. A
	 * badge already inactive keeps its time, so repeating the delete answers the same.
	 * @return when the badge was deactivated (its last change), empty when not its own
	 */
	Optional<Instant> deactivate(long organisationId, long id) {
		return this.jdbc.sql("""
				update badge set active = false, updated_at = case when active then now() else updated_at end
				where organisation_id = :organisation and id = :id
				returning updated_at
				""")
			.param("organisation", organisationId)
			.param("id", id)
			.query((rs, row) -> rs.getTimestamp(1).toInstant())
			.optional();
	}

	/** The live rules of a badge that hold a criteria, other than {@code keep}. */
	List<Long> otherCriteriaRules(long organisationId, long badgeId, long keep) {
		return this.jdbc
			.sql("select r.id from badge_rule r where r.organisation_id = :organisation"
					+ " and r.badge_id = :badge and r.deleted_at is null and r.id <> :keep and "
					+ Criteria.RULE_CONDITION)
			.param("organisation", organisationId)
			.param("badge", badgeId)
			.param("keep", keep)
			.query(Long.class)
			.list();
	}

	private static ApiException nameTaken(String name) {
		return new ApiException(new ApiError(409, "name_taken",
				"a badge definition named \"" + name + "\" already exists in this organisation", "name"));
	}

	private static Map<String, Object> parameters(Settings s) {
		Map<String, Object> p = new HashMap<>();
		p.put("name", s.name());
		p.put("description", s.description());
		p.put("iconUrl", s.iconUrl());
		p.put("lockedIconUrl", s.lockedIconUrl());
		p.put("category", s.category());
		p.put("active", s.active());
		return p;
	}

	private static Definition definition(ResultSet rs, int row) throws SQLException {
		int ruleType = rs.getInt("rule_type");
		Criteria criteria = rs.wasNull() ? null
				: Criteria.ofRule(ruleType, rs.getString("kind"), rs.getLong("threshold")).orElse(null);
		return new Definition(rs.getLong("id"), rs.getLong("organisation_id"), rs.getString("name"),
				rs.getString("description"), rs.getString("icon_url"), rs.getString("locked_icon_url"), criteria,
				rs.getString("category"), rs.getBoolean("active"), rs.getLong("earned"),
				rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
	}

	/** The seed's writable fields of a badge. */
	record Settings(String name, String description, String iconUrl, String lockedIconUrl, String category,
			boolean active) {

	}

}
