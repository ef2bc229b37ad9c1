package dev.podium.edge.badge;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.podium.edge.web.Rows;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The badge_rule table as the edge reads and writes it: one live rule per (organisation,
 * badge, rule type), enforced by a partial unique index; delete only marks a rule.
 */
@Component
class AutoRules {

	private static final String COLUMNS = """
			r.id, r.badge_id as badgeid, b.name as badgename, b.active::int as badgeactive, r.rule_type as ruletype,
			r.threshold, r.kind, r.created_at as createdat, r.updated_at as updatedat""";

	private final JdbcClient jdbc;

	AutoRules(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Locks the live rule of a (badge, rule type) pair, if there is one, until the end of
	 * the caller's transaction.
	 * @return its threshold and kind before a change
	 */
	Optional<Previous> lockPair(long organisationId, long badgeId, int ruleType) {
		return this.jdbc.sql("""
				select threshold, kind from badge_rule
				where organisation_id = :organisation and badge_id = :badge and rule_type = :ruleType
				  and deleted_at is null
				for update
				""")
			.param("organisation", organisationId)
			.param("badge", badgeId)
			.param("ruleType", ruleType)
			.query((rs, row) -> new Previous(rs.getLong(1), rs.getString(2)))
			.optional();
	}

	/**
	 * Creates the rule, or updates the threshold and kind of the live rule of the same
	 * badge and type.
	 */
	Upserted upsert(long organisationId, long badgeId, int ruleType, long threshold, String kind) {
		return this.jdbc.sql("""
				insert into badge_rule (organisation_id, badge_id, rule_type, threshold, kind)
				values (:organisation, :badge, :ruleType, :threshold, :kind)
				on conflict (organisation_id, badge_id, rule_type) where deleted_at is null
				do update set threshold = excluded.threshold, kind = excluded.kind, updated_at = now()
				returning id, xmax = 0 as inserted
				""")
			.param("organisation", organisationId)
			.param("badge", badgeId)
			.param("ruleType", ruleType)
			.param("threshold", threshold)
			.param("kind", kind)
			.query((rs, row) -> new Upserted(rs.getLong(1), rs.getBoolean(2)))
			.single();
	}

	/**
	 * A page of the live rules, newest first, of one badge when {@code badgeId} is set.
	 */
	List<Map<String, Object>> list(long organisationId, Long badgeId, int page, int perPage) {
		return this.jdbc
			.sql("select " + COLUMNS + " from badge_rule r join badge b on b.id = r.badge_id where " + filter(badgeId)
					+ " order by r.id desc limit :limit offset :offset")
			.param("organisation", organisationId)
			.params((badgeId != null) ? Map.of("badge", badgeId) : Map.of())
			.param("limit", perPage)
			.param("offset", (long) (page - 1) * perPage)
			.query(Rows::map)
			.list();
	}

	long count(long organisationId, Long badgeId) {
		return this.jdbc.sql("select count(*) from badge_rule r where " + filter(badgeId))
			.param("organisation", organisationId)
			.params((badgeId != null) ? Map.of("badge", badgeId) : Map.of())
			.query(Long.class)
			.single();
	}

	private static String filter(Long badgeId) {
		return "r.organisation_id = :organisation and r.deleted_at is null"
				+ ((badgeId != null) ? " and r.badge_id = :badge" : "");
	}

	/** One live rule of the organisation. */
	Optional<Map<String, Object>> find(long organisationId, long id) {
		return this.jdbc.sql("select " + COLUMNS + """
				 from badge_rule r join badge b on b.id = r.badge_id
				where r.organisation_id = :organisation and r.id = :id and r.deleted_at is null
				""").param("organisation", organisationId).param("id", id).query(Rows::map).optional();
	}

	/** Marks a live rule deleted; its grants stay. */
	boolean delete(long organisationId, long id) {
		return this.jdbc.sql("""
				update badge_rule set deleted_at = now(), updated_at = now()
				where organisation_id = :organisation and id = :id and deleted_at is null
				""").param("organisation", organisationId).param("id", id).update() == 1;
	}

	/** The id of the rule written and whether it is new. */
	record Upserted(long id, boolean inserted) {

	}

	/** A live rule's threshold and kind before a change. */
	record Previous(long threshold, String kind) {

	}

}
