package dev.podium.edge.profile;

import java.time.Clock;
import java.util.Map;

import dev.podium.edge.auth.Allow;
import dev.podium.edge.web.ParticipantFilter;
import dev.podium.platform.security.Caller;
import dev.podium.platform.security.Role;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /challenges/participant?participanttype=&participantid=}: one participant's
 * points, badges, open challenges and latest ledger rows. A participant token may ask
 * only for itself (any other participant is a 404). A participant without history has
 * zeros and empty lists.
 */
@RestController
class ProfileController {

	private final Profiles profiles;

	private final Clock clock;

	ProfileController(Profiles profiles, Clock clock) {
		this.profiles = profiles;
		this.clock = clock;
	}

	@GetMapping("/challenges/participant")
	@Allow({ Role.ADMIN, Role.COORDINATOR, Role.VIEWER, Role.PARTICIPANT })
	Map<String, Object> profile(@RequestParam(required = false) String participanttype,
			@RequestParam(required = false) String participantid, Caller caller) {
		ParticipantFilter who = ParticipantFilter.of(participanttype, participantid, true).forCaller(caller);
		return this.profiles.profile(caller.organisationId(), who.type(), who.id(), this.clock.instant());
	}

}
