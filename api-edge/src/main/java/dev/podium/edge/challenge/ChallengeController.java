package dev.podium.edge.challenge;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.podium.edge.auth.Allow;
import dev.podium.edge.job.JobAnswers;
import dev.podium.edge.web.Paging;
import dev.podium.platform.error.ApiException;
import dev.podium.platform.security.Caller;
import dev.podium.platform.security.Role;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
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
		long id = this.challenges.insert(caller.organisationId(), ChallengeFields.parse(fields));
		return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("success", true, "id", id));
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
