package dev.podium.edge.team;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.podium.edge.web.RequestFields;
import dev.podium.platform.error.ApiException;

import tools.jackson.databind.JsonNode;

/**
 * A team's settings, validated; every refusal names the field. {@code members} is null
 * when the request did not send it (an update keeps the roster).
 */
record TeamFields(String name, String description, boolean active, List<Member> members) {

	static final TeamFields DEFAULTS = new TeamFields(null, "", true, null);

	static final int MAX_MEMBERS = 10_000;

	/** The fields sent over {@code base}: {@link #DEFAULTS} or the stored team. */
	static TeamFields parse(RequestFields in, TeamFields base) {
		String name = base.name();
		if (in.has("name") || name == null) {
			name = in.text("name", 200);
			if (name == null) {
				throw ApiException.badRequest("name", "name is required: 1 to 200 characters");
			}
		}
		String description = base.description();
		if (in.has("description")) {
			String d = in.text("description", 10_000);
			description = (d != null) ? d : "";
		}
		Boolean active = in.flag("active");
		List<Member> members = null;
		if (in.has("members")) {
			members = members(in.node("members"));
		}
		return new TeamFields(name, description, (active != null) ? active : base.active(), members);
	}

	/**
	 * {@code [{participanttype 1|2, participantid}]}, each member once; {@code null}
	 * empties the roster.
	 */
	static List<Member> members(JsonNode members) {
		List<Member> roster = new ArrayList<>();
		if (members == null) {
			return roster;
		}
		if (!members.isArray()) {
			throw ApiException.badRequest("members", "members must be an array of {participanttype, participantid}");
		}
		if (members.size() > MAX_MEMBERS) {
			throw ApiException.badRequest("members", "at most " + MAX_MEMBERS + " members per team");
		}
		Set<Member> seen = new HashSet<>();
		for (int i = 0; i < members.size(); i++) {
			JsonNode member = members.get(i);
			String at = "members[" + i + "].";
			if (!member.isObject()) {
				throw ApiException.badRequest("members[" + i + "]", "a member is {participanttype, participantid}");
			}
			JsonNode type = member.get("participanttype");
			if (type == null || !type.isIntegralNumber() || (type.asInt() != 1 && type.asInt() != 2)) {
				throw ApiException.badRequest(at + "participanttype",
						"a team member's participanttype must be 1 (unit) or 2 (user)");
			}
			JsonNode id = member.get("participantid");
			if (id == null || !id.isIntegralNumber() || !id.canConvertToLong() || id.asLong() < 0) {
				throw ApiException.badRequest(at + "participantid", "participantid must be a non-negative integer");
			}
			Member m = new Member(type.asInt(), id.asLong());
			if (!seen.add(m)) {
				throw ApiException.badRequest(at + "participantid", "this member appears twice");
			}
			roster.add(m);
		}
		return roster;
	}

	/** A team member: a unit (1) or a user (2). */
	record Member(int type, long id) {

	}

}
