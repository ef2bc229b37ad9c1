package dev.podium.edge.participant;

import dev.podium.platform.input.Text;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.podium.edge.auth.Allow;
import dev.podium.platform.error.ApiException;
import dev.podium.platform.security.Caller;
import dev.podium.platform.security.Role;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code PUT /participants}: upserts display names, {@code [{participanttype,
 * participantid, name}]}, up to 10,000 at once, in one statement. The whole batch is
 * refused if one row is invalid.
 */
@RestController
class ParticipantController {

	static final int MAX_ROWS = 10_000;

	private final JdbcClient jdbc;

	ParticipantController(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@PutMapping("/participants")
	@Allow(Role.ADMIN)
	Map<String, Object> upsert(@RequestBody JsonNode body, Caller caller) {
		JsonNode rows = (body != null && body.isObject()) ? body.get("rows") : body;
		if (rows == null || !rows.isArray()) {
			throw ApiException.badRequest("rows", "send a JSON array of {participanttype, participantid, name}");
		}
		if (rows.size() > MAX_ROWS) {
			throw ApiException.badRequest("rows", "at most " + MAX_ROWS + " participants per request");
		}
		List<Short> types = new ArrayList<>();
		List<Long> ids = new ArrayList<>();
		List<String> names = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < rows.size(); i++) {
			JsonNode row = rows.get(i);
			String at = "rows[" + i + "].";
			JsonNode type = row.get("participanttype");
			if (type == null || !type.isIntegralNumber() || type.asInt() < 0 || type.asInt() > 4) {
				throw ApiException.badRequest(at + "participanttype", "participanttype must be 0 to 4");
			}
			JsonNode id = row.get("participantid");
			if (id == null || !id.isIntegralNumber() || !id.canConvertToLong() || id.asLong() < 0) {
				throw ApiException.badRequest(at + "participantid", "participantid must be a non-negative integer");
			}
			JsonNode name = row.get("name");
			if (name == null || !name.isString() || name.asString().isBlank() || Text.length(name.asString()) > 200) {
				throw ApiException.badRequest(at + "name", "name is required: 1 to 200 characters");
			}
			if (!seen.add(type.asInt() + ":" + id.asLong())) {
				throw ApiException.badRequest(at + "participantid", "this participant appears twice");
			}
			types.add((short) type.asInt());
			ids.add(id.asLong());
			names.add(name.asString().strip());
		}
		int upserted = this.jdbc
			.sql("""
					insert into participant (organisation_id, participant_type, participant_id, name)
					select :organisation, u.t, u.id, u.name
					from unnest(cast(:types as smallint[]), cast(:ids as bigint[]), cast(:names as text[])) as u(t, id, name)
					on conflict (organisation_id, participant_type, participant_id)
					do update set name = excluded.name, updated_at = now()
					""")
			.param("organisation", caller.organisationId())
			.param("types", types.toArray(Short[]::new))
			.param("ids", ids.toArray(Long[]::new))
			.param("names", names.toArray(String[]::new))
			.update();
		return Map.of("success", true, "upserted", upserted);
	}

}
