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
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code PUT /participants}: upserts display names, {@code [{participanttype,
 * participantid, name, optout}]}, up to 10,000 at once, in one transaction.
 * {@code optout} (optional; absent leaves it as it is, false for a new participant) hides
 * the participant from public leaderboards. The whole batch is refused if one row is
 * invalid.
 */
@RestController
class ParticipantController {

	static final int MAX_ROWS = 10_000;

	private final JdbcClient jdbc;

	private final TransactionTemplate tx;

	ParticipantController(JdbcClient jdbc, TransactionTemplate tx) {
		this.jdbc = jdbc;
		this.tx = tx;
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
		List<Boolean> optOuts = new ArrayList<>();
		List<String> identifiers = new ArrayList<>();
		List<Boolean> identifierSent = new ArrayList<>();
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
			JsonNode optOut = row.get("optout");
			Boolean hidden = null;
			if (optOut != null && !optOut.isNull()) {
				if (optOut.isBoolean()) {
					hidden = optOut.asBoolean();
				}
				else if (optOut.isIntegralNumber() && (optOut.asInt() == 0 || optOut.asInt() == 1)
						&& optOut.canConvertToInt()) {
					hidden = optOut.asInt() == 1;
				}
				else {
					throw ApiException.badRequest(at + "optout", "optout must be true, false, 0 or 1");
				}
			}
			optOuts.add(hidden);
			JsonNode identifier = row.get("identifier");
			if (identifier != null && !identifier.isNull() && (!identifier.isString() || identifier.asString().isBlank()
					|| Text.length(identifier.asString()) > 500)) {
				throw ApiException.badRequest(at + "identifier", "identifier must be 1 to 500 characters, or null");
			}
			identifierSent.add(identifier != null);
			identifiers.add((identifier != null && !identifier.isNull()) ? identifier.asString().strip() : null);
			types.add((short) type.asInt());
			ids.add(id.asLong());
			names.add(name.asString().strip());
		}
		Integer upserted = this.tx.execute((status) -> {
			int written = this.jdbc.sql("""
					insert into participant (organisation_id, participant_type, participant_id, name, public_opt_out)
					select :organisation, u.t, u.id, u.name, coalesce(u.o, false)
					from unnest(cast(:types as smallint[]), cast(:ids as bigint[]), cast(:names as text[]),
					            cast(:optOuts as boolean[])) as u(t, id, name, o)
					on conflict (organisation_id, participant_type, participant_id)
					do update set name = excluded.name, updated_at = now()
					""")
				.param("organisation", caller.organisationId())
				.param("types", types.toArray(Short[]::new))
				.param("ids", ids.toArray(Long[]::new))
				.param("names", names.toArray(String[]::new))
				.param("optOuts", optOuts.toArray(Boolean[]::new))
				.update();
			// An existing participant's flag and identifier change only where the row
			// sends them.
			this.jdbc.sql("""
					update participant p
					set public_opt_out = coalesce(u.o, p.public_opt_out),
					    credential_identifier = case when u.sent then u.identifier else p.credential_identifier end
					from unnest(cast(:types as smallint[]), cast(:ids as bigint[]), cast(:optOuts as boolean[]),
					            cast(:identifiers as text[]), cast(:sent as boolean[])) as u(t, id, o, identifier, sent)
					where p.organisation_id = :organisation and p.participant_type = u.t and p.participant_id = u.id
					  and (u.o is not null or u.sent)
					""")
				.param("organisation", caller.organisationId())
				.param("types", types.toArray(Short[]::new))
				.param("ids", ids.toArray(Long[]::new))
				.param("optOuts", optOuts.toArray(Boolean[]::new))
				.param("identifiers", identifiers.toArray(String[]::new))
				.param("sent", identifierSent.toArray(Boolean[]::new))
				.update();
			return written;
		});
		return Map.of("success", true, "upserted", upserted);
	}

}
