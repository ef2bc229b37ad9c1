package dev.podium.edge.badge;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.podium.edge.auth.Allow;
import dev.podium.edge.web.Paging;
import dev.podium.edge.web.RequestFields;
import dev.podium.platform.error.ApiError;
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
 * {@code /badges[?id=N]}: badge definitions. Global badges (no organisation) are visible
 * to every organisation and editable by none: changing one is a 403. Delete is soft
 * ({@code active=0}); grants stay.
 */
@RestController
class BadgeController {

	private final Badges badges;

	BadgeController(Badges badges) {
		this.badges = badges;
	}

	@GetMapping(path = "/badges", params = "!id")
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
		body.put("totalrows", this.badges.count(caller.organisationId(), inactive, text));
		body.put("rows", this.badges.list(caller.organisationId(), inactive, text, paging.page(), paging.perPage()));
		return body;
	}

	@GetMapping(path = "/badges", params = "id")
	@Allow({ Role.ADMIN, Role.COORDINATOR, Role.VIEWER, Role.PARTICIPANT })
	Map<String, Object> badge(@RequestParam String id, Caller caller) {
		return answer(Paging.id(id), caller);
	}

	/** Create: fields in the body or the query string (the body wins). */
	@PostMapping("/badges")
	@Allow(Role.ADMIN)
	ResponseEntity<Map<String, Object>> create(@RequestParam MultiValueMap<String, String> query,
			@RequestBody(required = false) JsonNode body, Caller caller) {
		BadgeFields fields = BadgeFields.parse(RequestFields.of(query, body), BadgeFields.DEFAULTS);
		long id = this.badges.insert(caller.organisationId(), fields);
		return ResponseEntity.status(HttpStatus.CREATED).body(answer(id, caller));
	}

	/** Update: only the fields sent change. */
	@PutMapping(path = "/badges", params = "id")
	@Allow(Role.ADMIN)
	Map<String, Object> update(@RequestParam MultiValueMap<String, String> query,
			@RequestBody(required = false) JsonNode body, Caller caller) {
		long id = Paging.id(query.getFirst("id"));
		Badges.Stored stored = ownBadge(caller, id);
		BadgeFields fields = BadgeFields.parse(RequestFields.of(query, body), stored.fields());
		if (!this.badges.update(caller.organisationId(), id, fields)) {
			throw ApiException.notFound("badge");
		}
		return answer(id, caller);
	}

	/**
	 * Soft delete: the badge becomes inactive; its grants stay. Repeating it is harmless.
	 */
	@DeleteMapping(path = "/badges", params = "id")
	@Allow(Role.ADMIN)
	Map<String, Object> delete(@RequestParam String id, Caller caller) {
		long badgeId = Paging.id(id);
		ownBadge(caller, badgeId);
		if (!this.badges.deactivate(caller.organisationId(), badgeId)) {
			throw ApiException.notFound("badge");
		}
		return Map.of("success", true, "id", badgeId, "active", 0);
	}

	private Badges.Stored ownBadge(Caller caller, long id) {
		Badges.Stored stored = this.badges.stored(caller.organisationId(), id)
			.orElseThrow(() -> ApiException.notFound("badge"));
		if (stored.global()) {
			throw new ApiException(
					new ApiError(403, "global_badge", "a global badge cannot be changed by an organisation", null));
		}
		return stored;
	}

	private Map<String, Object> answer(long id, Caller caller) {
		Map<String, Object> badge = this.badges.find(caller.organisationId(), id)
			.orElseThrow(() -> ApiException.notFound("badge"));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("success", true);
		body.put("id", id);
		body.put("badge", badge);
		return body;
	}

}
