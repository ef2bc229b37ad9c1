package dev.podium.edge.challenge;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.podium.edge.auth.Allow;
import dev.podium.edge.auth.Anonymous;
import dev.podium.edge.auth.TokenAuthenticationFilter;
import dev.podium.edge.job.JobAnswers;
import dev.podium.edge.web.Paging;
import dev.podium.platform.error.ApiException;
import dev.podium.platform.security.Caller;
import dev.podium.platform.security.Role;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Surface A's challenge routes (seed 000): {@code ?id=N} addresses one challenge.
 */
@RestController
class ChallengeController {

	private final Challenges challenges;

	private final ChallengeCommands commands;

	private final JobAnswers answers;

	ChallengeController(Challenges challenges, ChallengeCommands commands, JobAnswers answers) {
		this.challenges = challenges;
		this.commands = commands;
		this.answers = answers;
	}

	@GetMapping(path = "/challenges", params = "id")
	@Allow({ Role.ADMIN, Role.COORDINATOR, Role.VIEWER, Role.PARTICIPANT })
	Map<String, Object> challenge(@RequestParam String id, Caller caller) {
		Map<String, Object> challenge = this.challenges.find(caller.organisationId(), Paging.id(id))
			.orElseThrow(() -> ApiException.notFound("challenge"));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("success", true);
		body.put("challenge", challenge);
		return body;
	}

	@GetMapping(path = "/challenges", params = "!id")
	@Allow({ Role.ADMIN, Role.COORDINATOR, Role.VIEWER })
	Map<String, Object> list(@RequestParam(required = false) String search,
			@RequestParam(required = false) String status, @RequestParam(required = false) String page,
			@RequestParam(required = false) String perPage, Caller caller) {
		Paging paging = Paging.of(page, perPage);
		String wanted = (status == null || status.isBlank()) ? null : status.strip();
		if (wanted != null && !List.of("active", "closed", "inactive").contains(wanted)) {
			throw ApiException.badRequest("status", "status must be active, closed or inactive");
		}
		String text = (search == null || search.isBlank()) ? null : search.strip();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("success", true);
		body.put("page", paging.page());
		body.put("perPage", paging.perPage());
		body.put("totalrows", this.challenges.count(caller.organisationId(), text, wanted));
		body.put("rows", this.challenges.list(caller.organisationId(), text, wanted, paging.page(), paging.perPage()));
		return body;
	}

	/**
	 * Create: fields in the body or the query string (the body wins where both have a
	 * field).
	 */
	@PostMapping("/challenges")
	@Allow(Role.ADMIN)
	ResponseEntity<Map<String, Object>> create(@RequestParam MultiValueMap<String, String> query,
			@RequestBody(required = false) Map<String, Object> body, Caller caller) {
		Map<String, Object> fields = new HashMap<>(query.toSingleValueMap());
		if (body != null) {
			fields.putAll(body);
		}
		long id = this.challenges.insert(caller.organisationId(), validated(caller, ChallengeFields.parse(fields)));
		return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("success", true, "id", id));
	}

	/** Update: only the fields sent change; a closed challenge is a 409. */
	@PutMapping(path = "/challenges", params = "id")
	@Allow(Role.ADMIN)
	Map<String, Object> update(@RequestParam MultiValueMap<String, String> query,
			@RequestBody(required = false) Map<String, Object> body, Caller caller) {
		long id = Paging.id(query.getFirst("id"));
		Map<String, Object> stored = this.challenges.find(caller.organisationId(), id)
			.orElseThrow(() -> ApiException.notFound("challenge"));
		if (Integer.valueOf(1).equals(stored.get("closed"))) {
			throw ApiException.conflict("challenge_closed", "a closed challenge cannot change");
		}
		Map<String, Object> fields = new HashMap<>(stored);
		fields.putAll(query.toSingleValueMap());
		if (body != null) {
			fields.putAll(body);
		}
		if (!this.challenges.update(caller.organisationId(), id, validated(caller, ChallengeFields.parse(fields)))) {
			throw ApiException.conflict("challenge_closed", "a closed challenge cannot change");
		}
		return Map.of("success", true, "id", id);
	}

	@DeleteMapping(path = "/challenges", params = "id")
	@Allow(Role.ADMIN)
	ResponseEntity<Object> delete(@RequestParam String id,
			@RequestHeader(name = "Prefer", required = false) String prefer, Caller caller) {
		long jobId = this.commands.requestDelete(caller, Paging.id(id));
		return this.answers.accepted(caller.organisationId(), jobId, prefer);
	}

	@PostMapping(path = "/challenges/clone", params = "id")
	@Allow(Role.ADMIN)
	ResponseEntity<Map<String, Object>> copy(@RequestParam String id, Caller caller) {
		long copy = this.challenges.copy(caller.organisationId(), Paging.id(id))
			.orElseThrow(() -> ApiException.notFound("challenge"));
		return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("success", true, "id", copy));
	}

	/** The checks that need the database: the reward badge and a team scope id. */
	private ChallengeFields validated(Caller caller, ChallengeFields fields) {
		if (fields.rewardBadgeId() != null
				&& !this.challenges.rewardableBadge(caller.organisationId(), fields.rewardBadgeId())) {
			throw ApiException.badRequest("rewardbadgeid", "rewardbadgeid is not an active badge");
		}
		if (fields.scope() == 4 && fields.scopeId() != null
				&& !this.challenges.teamExists(caller.organisationId(), fields.scopeId())) {
			throw ApiException.badRequest("scopeid", "scopeid is not a team of this organisation (scope 4)");
		}
		return fields;
	}

	/**
	 * The cron hook. With a token: an admin's organisation. Without one: the
	 * {@code organisation} parameter names it, and only an organisation that accepts
	 * anonymous runs (the seed's default) answers; any other is a 401.
	 */
	@PostMapping("/challenges/autoclose-run")
	@Anonymous
	ResponseEntity<Object> autoCloseRun(@RequestParam(required = false) String organisation,
			@RequestHeader(name = "Prefer", required = false) String prefer, HttpServletRequest request) {
		Optional<Caller> caller = TokenAuthenticationFilter.caller(request);
		long organisationId;
		if (caller.isPresent()) {
			if (!caller.get().is(Role.ADMIN)) {
				throw ApiException.forbidden("admin role required");
			}
			organisationId = caller.get().organisationId();
		}
		else {
			if (organisation == null) {
				throw ApiException.unauthorized();
			}
			organisationId = Paging.positiveLong("organisation", organisation);
			if (!this.challenges.acceptsAnonymousAutoClose(organisationId)) {
				throw ApiException.unauthorized();
			}
		}
		long jobId = this.commands.requestAutoClose(organisationId);
		return this.answers.accepted(organisationId, jobId, prefer);
	}

	@PostMapping("/challenges/compute")
	@Allow({ Role.ADMIN, Role.COORDINATOR })
	ResponseEntity<Object> compute(@RequestParam String id,
			@RequestHeader(name = "Prefer", required = false) String prefer, Caller caller) {
		long jobId = this.commands.requestCompute(caller, Paging.id(id));
		return this.answers.accepted(caller.organisationId(), jobId, prefer);
	}

	@PostMapping("/challenges/preview")
	@Allow({ Role.ADMIN, Role.COORDINATOR })
	ResponseEntity<Object> preview(@RequestParam String id,
			@RequestHeader(name = "Prefer", required = false) String prefer, Caller caller) {
		long jobId = this.commands.requestPreview(caller, Paging.id(id));
		return this.answers.accepted(caller.organisationId(), jobId, prefer);
	}

	@PostMapping("/challenges/close")
	@Allow(Role.ADMIN)
	ResponseEntity<Object> close(@RequestParam String id,
			@RequestHeader(name = "Prefer", required = false) String prefer, Caller caller) {
		long jobId = this.commands.requestClose(caller, Paging.id(id));
		return this.answers.accepted(caller.organisationId(), jobId, prefer);
	}

}
