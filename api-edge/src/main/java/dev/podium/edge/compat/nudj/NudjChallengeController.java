package dev.podium.edge.compat.nudj;

import dev.podium.edge.auth.Allow;
import dev.podium.edge.compat.JsonBody;
import dev.podium.edge.compat.nudj.NudjShapes.AdminChallenge;
import dev.podium.edge.compat.nudj.NudjShapes.IntegrationChallenge;
import dev.podium.edge.compat.nudj.NudjShapes.UserState;
import dev.podium.platform.error.ApiException;
import dev.podium.platform.security.Caller;
import dev.podium.platform.security.Role;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * nudj's challenge endpoints over Podium's challenges (seeds 001 and 002). Ids are the
 * challenge's integer id as 24 hex digits. {@code x-language} is accepted and changes
 * nothing: a Podium challenge has one text, in whatever language it was written. Errors
 * are ours ({@code {"error","field","code"}}): the seeds show none.
 */
@RestController
class NudjChallengeController {

	private final NudjChallenges challenges;

	private final NudjUpdating updating;

	private final NudjViews views;

	NudjChallengeController(NudjChallenges challenges, NudjUpdating updating, NudjViews views) {
		this.challenges = challenges;
		this.updating = updating;
		this.views = views;
	}

	/**
	 * Seed 001: partial update; the answer is the challenge in the seed's shape. An id
	 * without the seed's pattern is a 400 naming {@code id}.
	 */
	@PostMapping("/api/v2/admin/challenges/{id}")
	@Allow(Role.ADMIN)
	AdminChallenge update(@PathVariable String id,
			@RequestHeader(name = "x-language", required = false) String language,
			@RequestBody(required = false) JsonNode body, Caller caller) {
		if (!HexIds.PATTERN.matcher(id).matches()) {
			throw ApiException.badRequest("id", "id must be " + HexIds.PATTERN_TEXT);
		}
		long challengeId = HexIds.parse(id).orElseThrow(() -> ApiException.notFound("challenge"));
		NudjPatch patch = NudjPatch.parse(JsonBody.of(body));
		this.updating.update(caller.organisationId(), challengeId, patch);
		return this.views.admin(stored(caller, challengeId));
	}

	/**
	 * Seed 002: one challenge with {@code userState} for a participant token (the
	 * not-started state for other roles, which speak for no participant). The seed gives
	 * the id no pattern, so an id that is not one of ours is a 404.
	 */
	@GetMapping("/api/v2/integration/challenges/{challengeId}")
	@Allow({ Role.ADMIN, Role.COORDINATOR, Role.VIEWER, Role.PARTICIPANT })
	IntegrationChallenge challenge(@PathVariable String challengeId,
			@RequestHeader(name = "x-language", required = false) String language, Caller caller) {
		long id = HexIds.parse(challengeId).orElseThrow(() -> ApiException.notFound("challenge"));
		NudjChallenges.Stored c = stored(caller, id);
		UserState state = UserState.NOT_STARTED;
		if (caller.is(Role.PARTICIPANT)) {
			var progress = this.challenges.progress(caller.organisationId(), id, caller.participantType(),
					caller.participantId());
			state = this.views.userState(c, progress, caller.participantType(), caller.participantId());
		}
		return this.views.integration(c, state);
	}

	private NudjChallenges.Stored stored(Caller caller, long id) {
		return this.challenges.find(caller.organisationId(), id).orElseThrow(() -> ApiException.notFound("challenge"));
	}

}
