package dev.podium.edge.team;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.podium.edge.web.Rows;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The team and team_member tables as the edge reads and writes them. Every statement
 * filters on the organisation (a member row through its team).
 */
@Component
class Teams {

	private static final String COLUMNS = """
			t.id, t.name, t.description, t.active::int as active,
			(select count(*) from team_member m where m.team_id = t.id) as membercount,
			t.created_at as createdat, t.updated_at as updatedat""";

	private final JdbcClient jdbc;

	Teams(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A page of teams, newest first, with member counts; inactive ones only when asked.
	 */
	List<Map<String, Object>> list(long organisationId, boolean includeInactive, String search, int page, int perPage) {
		return this.jdbc
			.sql("select " + COLUMNS + " from team t where " + filter(includeInactive, search)
					+ " order by t.id desc limit :limit offset :offset")
			.params(filterParams(organisationId, search))
			.param("limit", perPage)
			.param("offset", (long) (page - 1) * perPage)
			.query(Rows::map)
			.list();
	}

	long count(long organisationId, boolean includeInactive, String search) {
		return this.jdbc.sql("select count(*) from team t where " + filter(includeInactive, search))
			.params(filterParams(organisationId, search))
			.query(Long.class)
			.single();
	}

	private static String filter(boolean includeInactive, String search) {
		return "t.organisation_id = :organisation" + (includeInactive ? "" : " and t.active")
				+ ((search != null) ? " and strpos(lower(t.name), lower(:search)) > 0" : "");
	}

	private static Map<String, Object> filterParams(long organisationId, String search) {
		Map<String, Object> params = new HashMap<>();
		params.put("organisation", organisationId);
		if (search != null) {
			params.put("search", search);
		}
		return params;
	}

	Optional<Map<String, Object>> find(long organisationId, long id) {
		return this.jdbc
			.sql("select " + COLUMNS + " from team t where t.organisation_id = :organisation and t.id = :id")
			.param("organisation", organisationId)
			.param("id", id)
			.query(Rows::map)
			.optional();
	}

	/** A team's members with their directory names, units first, then by id. */
	List<Map<String, Object>> members(long organisationId, long teamId) {
		return this.jdbc.sql("""
				select m.participant_type as participanttype, m.participant_id as participantid, p.name
				from team_member m
				join team t on t.id = m.team_id and t.organisation_id = :organisation
				left join participant p on p.organisation_id = t.organisation_id
				     and p.participant_type = m.participant_type and p.participant_id = m.participant_id
				where m.team_id = :team
				order by m.participant_type, m.participant_id
				""").param("organisation", organisationId).param("team", teamId).query(Rows::map).list();
	}

	Optional<TeamFields> stored(long organisationId, long id) {
		return this.jdbc
			.sql("select name, description, active from team where organisation_id = :organisation and id = :id")
			.param("organisation", organisationId)
			.param("id", id)
			.query((rs, row) -> new TeamFields(rs.getString(1), rs.getString(2), rs.getBoolean(3), null))
			.optional();
	}

	/** Creates a team with its roster, in one transaction. */
	@Transactional
	long create(long organisationId, TeamFields f) {
		long id = insert(organisationId, f);
		if (f.members() != null) {
			replaceMembers(id, f.members());
		}
		return id;
	}

	/**
	 * Rewrites a team's settings and, when {@code members} was sent, its roster, in one
	 * transaction.
	 * @return whether the organisation has the team
	 */
	@Transactional
	boolean change(long organisationId, long id, TeamFields f) {
		if (!update(organisationId, id, f)) {
			return false;
		}
		if (f.members() != null) {
			replaceMembers(id, f.members());
		}
		return true;
	}

	private long insert(long organisationId, TeamFields f) {
		return this.jdbc.sql("""
				insert into team (organisation_id, name, description, active)
				values (:organisation, :name, :description, :active)
				returning id
				""")
			.param("organisation", organisationId)
			.param("name", f.name())
			.param("description", f.description())
			.param("active", f.active())
			.query(Long.class)
			.single();
	}

	private boolean update(long organisationId, long id, TeamFields f) {
		return this.jdbc.sql("""
				update team set name = :name, description = :description, active = :active, updated_at = now()
				where organisation_id = :organisation and id = :id
				""")
			.param("organisation", organisationId)
			.param("id", id)
			.param("name", f.name())
			.param("description", f.description())
			.param("active", f.active())
			.update() == 1;
	}

	/** Soft delete: the team stops being scored; its roster stays. */
	boolean deactivate(long organisationId, long id) {
		return this.jdbc.sql("""
				update team set active = false, updated_at = now()
				where organisation_id = :organisation and id = :id
				""").param("organisation", organisationId).param("id", id).update() == 1;
	}

	/**
	 * Replaces a team's roster, set-based, inside the caller's transaction; the caller
	 * checked that the team is the organisation's.
	 */
	private void replaceMembers(long teamId, List<TeamFields.Member> members) {
		this.jdbc.sql("delete from team_member where team_id = :team").param("team", teamId).update();
		if (members.isEmpty()) {
			return;
		}
		this.jdbc.sql("""
				insert into team_member (team_id, participant_type, participant_id)
				select :team, u.t, u.id
				from unnest(cast(:types as smallint[]), cast(:ids as bigint[])) as u(t, id)
				""")
			.param("team", teamId)
			.param("types", members.stream().map((m) -> (short) m.type()).toArray(Short[]::new))
			.param("ids", members.stream().map(TeamFields.Member::id).toArray(Long[]::new))
			.update();
	}

}
