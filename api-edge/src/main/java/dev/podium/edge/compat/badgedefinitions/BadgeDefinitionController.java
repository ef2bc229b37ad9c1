package dev.podium.edge.compat.badgedefinitions;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.podium.edge.auth.Allow;
import dev.podium.edge.compat.JsonBody;
import dev.podium.platform.error.ApiException;
import dev.podium.platform.security.Caller;
import dev.podium.platform.security.Role;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v1/badge-definitions[/{id}]} as seed 003 shows it: snake_case, string ids,
 * lists as {@code {data, pagination {page, limit, total}}}, partial PUT, soft delete. The
 * seed's roles map onto ours: admin → admin, coordinator → coordinator, peer_mentor →
 * participant; viewer is not among the seed's roles and is refused. Errors are ours
 * ({@code {"error","field","code"}}): the seed defines none.
 */
@RestController
@RequestMapping("/api/v1/badge-definitions")
class BadgeDefinitionController {

	static final int DEFAULT_LIMIT = 20;

	static final int MAX_LIMIT = 100;

	private final BadgeDefinitions definitions;

	private final DefinitionWriting writing;

	BadgeDefinitionController(BadgeDefinitions definitions, DefinitionWriting writing) {
		this.definitions = definitions;
		this.writing = writing;
	}

	@GetMapping
	@Allow({ Role.ADMIN, Role.COORDINATOR })
	Map<String, Object> list(@RequestParam(required = false) String page, @RequestParam(required = false) String limit,
			Caller caller) {
		int p = positive("page", page, 1, Integer.MAX_VALUE);
		int l = positive("limit", limit, DEFAULT_LIMIT, MAX_LIMIT);
		List<Map<String, Object>> data = this.definitions.list(caller.organisationId(), p, l)
			.stream()
			.map(Definition::listItem)
			.toList();
		Map<String, Object> pagination = new LinkedHashMap<>();
		pagination.put("page", p);
		pagination.put("limit", l);
		pagination.put("total", this.definitions.count(caller.organisationId()));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("data", data);
		body.put("pagination", pagination);
		return body;
	}

	@GetMapping("/{id}")
	@Allow({ Role.ADMIN, Role.COORDINATOR, Role.PARTICIPANT })
	Map<String, Object> definition(@PathVariable String id, Caller caller) {
		return find(caller, id).full();
	}

	@PostMapping
	@Allow(Role.ADMIN)
	ResponseEntity<Map<String, Object>> create(@RequestBody(required = false) JsonNode body, Caller caller) {
		long id = this.writing.create(caller.organisationId(), DefinitionRequest.create(JsonBody.of(body)));
		return ResponseEntity.status(HttpStatus.CREATED).body(find(caller, Long.toString(id)).full());
	}

	/** Partial update: only the fields sent change. */
	@PutMapping("/{id}")
	@Allow(Role.ADMIN)
	Map<String, Object> update(@PathVariable String id, @RequestBody(required = false) JsonNode body, Caller caller) {
		long definitionId = parseId(id);
		this.writing.update(caller.organisationId(), definitionId, JsonBody.of(body));
		return find(caller, id).full();
	}

	/** Soft delete: the definition is deactivated; earned records (grants) stay. */
	@DeleteMapping("/{id}")
	@Allow(Role.ADMIN)
	Map<String, Object> delete(@PathVariable String id, Caller caller) {
		long definitionId = parseId(id);
		Instant deletedAt = this.writing.delete(caller.organisationId(), definitionId);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", Long.toString(definitionId));
		body.put("deleted", true);
		body.put("deleted_at", Definition.time(deletedAt));
		return body;
	}

	private Definition find(Caller caller, String id) {
		return this.definitions.find(caller.organisationId(), parseId(id))
			.orElseThrow(() -> ApiException.notFound("badge definition"));
	}

	/**
	 * Ids are opaque strings in the seed: one that is not one of ours (not a positive
	 * integer) is answered like a missing definition.
	 */
	private static long parseId(String id) {
		try {
			long n = Long.parseLong(id);
			if (n >= 1) {
				return n;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw ApiException.notFound("badge definition");
	}

	private static int positive(String field, String value, int otherwise, int max) {
		if (value == null || value.isBlank()) {
			return otherwise;
		}
		try {
			int n = Integer.parseInt(value.strip());
			if (n >= 1 && n <= max) {
				return n;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw ApiException.badRequest(field, field + " must be a whole number from 1 to " + max);
	}

}
