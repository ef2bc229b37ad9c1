package dev.podium.edge.auth;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.podium.platform.security.Caller;
import dev.podium.platform.security.Role;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /me}: what the presented token is (its organisation, role and, for a
 * participant token, its participant), so that a client such as the console shows only
 * what the role may do. The secret and the token's id are never answered.
 */
@RestController
class CallerController {

	@GetMapping("/me")
	@Allow({ Role.ADMIN, Role.COORDINATOR, Role.VIEWER, Role.PARTICIPANT })
	Map<String, Object> me(Caller caller) {
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("success", true);
		answer.put("organisationid", caller.organisationId());
		answer.put("role", caller.role().wireName());
		answer.put("participanttype", caller.participantType());
		answer.put("participantid", caller.participantId());
		return answer;
	}

}
