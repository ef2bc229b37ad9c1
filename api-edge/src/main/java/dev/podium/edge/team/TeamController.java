package dev.podium.edge.team;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.podium.edge.auth.Allow;
import dev.podium.edge.web.Paging;
import dev.podium.edge.web.RequestFields;
import dev.podium.platform.error.ApiException;
import dev.podium.platform.security.Caller;
import dev.podium.platform.security.Role;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code /challenges/teams[?id=N]}: teams {@code (name, description, active,
 * members[(participanttype 1|2, participantid)])}. An update changes only the fields
 * sent; {@code members}, when sent, replaces the roster. Delete is soft.
 */
@RestController
class TeamController {

	private final Teams teams;

	TeamController(Teams teams) {
		this.teams = teams;
	}

	@GetMapping(path = "/challenges/teams", params = "!id")
	@Allow({ Role.ADMIN, Role.COORDINATOR, Role.VIEWER })
	Map<String, Object> list(@RequestParam(required = false) String includeinactive,
			@RequestParam(required = false) String search, @RequestParam(required = false) String page,
			@RequestParam(required = false) String perPage, Caller caller) {
		Paging paging = Paging.of(page, perPage);
		boolean inactive = RequestFields.flag("includeinactive", includeinactive, false);
		String text = (search == null || search.isBlank()) ? null : search.strip();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("success", true);
		body.put("page", paging.page());
		body.put("perPage", paging.perPage());
		body.put("totalrows", this.teams.count(caller.organisationId(), inactive, text));
		body.put("rows", this.teams.list(caller.organisationId(), inactive, text, paging.page(), paging.perPage()));
		return body;
	}

	@GetMapping(path = "/challenges/teams", params = "id")
	@Allow({ Role.ADMIN, Role.COORDINATOR, Role.VIEWER })
	Map<String, Object> team(@RequestParam String id, Caller caller) {
		return answer(caller, Paging.id(id));
	}

	/**
	 * Create: scalar fields in the body or the query string, {@code members} in the body.
	 */
	@PostMapping("/challenges/teams")
	@Allow(Role.ADMIN)
	ResponseEntity<Map<String, Object>> create(@RequestParam MultiValueMap<String, String> query,
			@RequestBody(required = false) JsonNode body, Caller caller) {
		TeamFields fields = TeamFields.parse(RequestFields.of(query, body), TeamFields.DEFAULTS);
		long id = this.teams.create(caller.organisationId(), fields);
		return ResponseEntity.status(HttpStatus.CREATED).body(answer(caller, id));
	}

	@PutMapping(path = "/challenges/teams", params = "id")
	@Allow(Role.ADMIN)
	Map<String, Object> update(@RequestParam MultiValueMap<String, String> query,
			@RequestBody(required = false) JsonNode body, Caller caller) {
		long id = Paging.id(query.getFirst("id"));
		TeamFields stored = this.teams.stored(caller.organisationId(), id)
			.orElseThrow(() -> ApiException.notFound("team"));
		TeamFields fields = TeamFields.parse(RequestFields.of(query, body), stored);
		if (!this.teams.change(caller.organisationId(), id, fields)) {
			throw ApiException.notFound("team");
		}
		return answer(caller, id);
	}

	/** Soft delete: the team becomes inactive and is no longer scored. */
	@DeleteMapping(path = "/challenges/teams", params = "id")
	@Allow(Role.ADMIN)
	Map<String, Object> delete(@RequestParam String id, Caller caller) {
		long teamId = Paging.id(id);
		if (!this.teams.deactivate(caller.organisationId(), teamId)) {
			throw ApiException.notFound("team");
		}
		return Map.of("success", true, "id", teamId, "active", 0);
	}

	private Map<String, Object> answer(Caller caller, long id) {
		Map<String, Object> team = new LinkedHashMap<>(
				this.teams.find(caller.organisationId(), id).orElseThrow(() -> ApiException.notFound("team")));
		team.put("members", this.teams.members(caller.organisationId(), id));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("success", true);
		body.put("id", id);
		body.put("team", team);
		return body;
	}

}
