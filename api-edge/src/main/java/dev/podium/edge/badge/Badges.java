package dev.podium.edge.badge;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.podium.edge.web.Rows;
import dev.podium.platform.error.ApiError;
import dev.podium.platform.error.ApiException;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The badge table as the edge reads and writes it: an organisation sees the global badges
 * (no organisation) and its own, and changes only its own.
 */
@Component
class Badges {

	private static final String COLUMNS = """
			b.id, b.name, b.description, b.icon, b.colour, b.tier, b.category, b.icon_url as iconurl,
			b.locked_icon_url as lockediconurl, b.active::int as active, (b.organisation_id is null)::int as global,
			b.created_at as createdat, b.updated_at as updatedat""";

	private static final String VISIBLE = "(b.organisation_id is null or b.organisation_id = :organisation)";

	private final JdbcClient jdbc;

	Badges(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A page of the badges the organisation sees, newest first; inactive ones only when
	 * asked, {@code search} in the name (case-insensitive, taken literally).
	 */
	List<Map<String, Object>> list(long organisationId, boolean includeInactive, String search, int page, int perPage) {
		return this.jdbc
			.sql("select " + COLUMNS + " from badge b where " + filter(includeInactive, search)
					+ " order by b.id desc limit :limit offset :offset")
			.params(filterParams(organisationId, search))
			.param("limit", perPage)
			.param("offset", (long) (page - 1) * perPage)
			.query(Rows::map)
			.list();
	}

	long count(long organisationId, boolean includeInactive, String search) {
		return this.jdbc.sql("select count(*) from badge b where " + filter(includeInactive, search))
			.params(filterParams(organisationId, search))
			.query(Long.class)
			.single();
	}

	private static String filter(boolean includeInactive, String search) {
		return VISIBLE + (includeInactive ? "" : " and b.active")
				+ ((search != null) ? " and strpos(lower(b.name), lower(:search)) > 0" : "");
	}

	private static Map<String, Object> filterParams(long organisationId, String search) {
		Map<String, Object> params = new HashMap<>();
		params.put("organisation", organisationId);
		if (search != null) {
			params.put("search", search);
		}
		return params;
	}

	/**
	 * One badge the organisation sees, with {@code earnedcount}: its unrevoked grants in
	 * the organisation.
	 */
	Optional<Map<String, Object>> find(long organisationId, long id) {
		return this.jdbc
			.sql("select " + COLUMNS
					+ """
							, (select count(*) from badge_grant g
							   where g.organisation_id = :organisation and g.badge_id = b.id and g.revoked_at is null) as earnedcount
							from badge b where b.id = :id and """
					+ VISIBLE)
			.param("organisation", organisationId)
			.param("id", id)
			.query(Rows::map)
			.optional();
	}

	/** A badge the organisation sees, as stored, and whether it is global. */
	Optional<Stored> stored(long organisationId, long id) {
		return this.jdbc.sql("""
				select b.name, b.description, b.icon, b.colour, b.tier, b.category, b.icon_url, b.locked_icon_url,
				       b.active, b.organisation_id is null as global
				from badge b where b.id = :id and """ + VISIBLE)
			.param("organisation", organisationId)
			.param("id", id)
			.query((rs,
					row) -> new Stored(
							new BadgeFields(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
									rs.getInt(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getBoolean(9)),
							rs.getBoolean(10)))
			.optional();
	}

	/** Creates a badge; an active name taken in the organisation is a 409. */
	long insert(long organisationId, BadgeFields f) {
		try {
			return insertRow(organisationId, f);
		}
		catch (DuplicateKeyException ex) {
			throw nameTaken(f.name());
		}
	}

	private long insertRow(long organisationId, BadgeFields f) {
		return this.jdbc.sql("""
				insert into badge (organisation_id, name, description, icon, colour, tier, category, icon_url,
				                   locked_icon_url, active)
				values (:organisation, :name, :description, :icon, :colour, :tier, :category, :iconUrl,
				        :lockedIconUrl, :active)
				returning id
				""").params(parameters(f)).param("organisation", organisationId).query(Long.class).single();
	}

	/**
	 * Rewrites an organisation's own badge; a global badge is never changed here. An
	 * active name taken by another of the organisation's badges is a 409.
	 */
	boolean update(long organisationId, long id, BadgeFields f) {
		try {
			return updateRow(organisationId, id, f);
		}
		catch (DuplicateKeyException ex) {
			throw nameTaken(f.name());
		}
	}

	/**
	 * The answer when the unique index on an organisation's active badge names refuses a
	 * write (V11): the badge table has no other unique key a write could hit.
	 */
	static ApiException nameTaken(String name) {
		return new ApiException(new ApiError(409, "name_taken",
				"an active badge named \"" + name + "\" already exists in this organisation", "name"));
	}

	private boolean updateRow(long organisationId, long id, BadgeFields f) {
		return this.jdbc.sql("""
				update badge set name = :name, description = :description, icon = :icon, colour = :colour,
				    tier = :tier, category = :category, icon_url = :iconUrl, locked_icon_url = :lockedIconUrl,
				    active = :active, updated_at = now()
				where organisation_id = :organisation and id = :id
				""").params(parameters(f)).param("organisation", organisationId).param("id", id).update() == 1;
	}

	/** Soft delete of an organisation's own badge; its grants stay. */
	boolean deactivate(long organisationId, long id) {
		return this.jdbc.sql("""
				update badge set active = false, updated_at = now()
				where organisation_id = :organisation and id = :id
				""").param("organisation", organisationId).param("id", id).update() == 1;
	}

	/**
	 * The name of a badge that may be granted or carry a rule: visible to the
	 * organisation and active.
	 */
	Optional<String> activeName(long organisationId, long id) {
		return this.jdbc.sql("select b.name from badge b where b.id = :id and b.active and " + VISIBLE)
			.param("organisation", organisationId)
			.param("id", id)
			.query(String.class)
			.optional();
	}

	private static Map<String, Object> parameters(BadgeFields f) {
		Map<String, Object> p = new HashMap<>();
		p.put("name", f.name());
		p.put("description", f.description());
		p.put("icon", f.icon());
		p.put("colour", f.colour());
		p.put("tier", f.tier());
		p.put("category", f.category());
		p.put("iconUrl", f.iconUrl());
		p.put("lockedIconUrl", f.lockedIconUrl());
		p.put("active", f.active());
		return p;
	}

	/** A stored badge's settings and whether it is global (not editable). */
	record Stored(BadgeFields fields, boolean global) {

	}

}
