package dev.podium.edge.compat.nudj;

import java.time.LocalDate;
import java.time.ZoneId;

import dev.podium.platform.error.ApiError;
import dev.podium.platform.error.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies a nudj update to a challenge under a row lock. The lifecycle status is derived
 * from {@code active}, {@code closed} and the dates, so a status sent sets {@code active}
 * ({@code draft} inactive, {@code live}, {@code scheduled} and {@code expired} active)
 * and must then be the challenge's derived status, else the update is refused (400) and
 * nothing changes. {@code archived} needs a closed challenge (a close awards; an update
 * never does). A closed challenge cannot change (as {@code PUT /challenges}), except its
 * status between {@code expired} and {@code archived}.
 */
@Service
class NudjUpdating {

	private static final Logger log = LoggerFactory.getLogger(NudjUpdating.class);

	private final NudjChallenges challenges;

	private final JsonMapper json;

	NudjUpdating(NudjChallenges challenges, JsonMapper json) {
		this.challenges = challenges;
		this.json = json;
	}

	@Transactional
	void update(long organisationId, long id, NudjPatch patch) {
		NudjChallenges.Locked c = this.challenges.lock(organisationId, id)
			.orElseThrow(() -> ApiException.notFound("challenge"));
		if (patch.empty()) {
			return;
		}
		if (c.closed()) {
			updateClosed(organisationId, id, c, patch);
			return;
		}
		if ("archived".equals(patch.status())) {
			throw ApiException.conflict("challenge_open",
					"only a closed challenge can be archived; close it first (POST /challenges/close?id=" + id + ")");
		}
		ZoneId zone = ZoneId.of(c.timeZone());
		LocalDate start = (patch.startsAt() != null) ? patch.startsAt().startDate(zone) : c.startDate();
		LocalDate end = (patch.expiresAt() != null) ? patch.expiresAt().endDate(zone) : c.endDate();
		if (end.isBefore(start)) {
			String field = (patch.expiresAt() != null) ? "expiresAt" : "startsAt";
			throw ApiException.badRequest(field, "expiresAt must be after startsAt (the challenge would run from "
					+ start + " to " + end + " in " + zone + ")");
		}
		boolean active = (patch.status() != null) ? !"draft".equals(patch.status()) : c.active();
		String settings = this.json.writeValueAsString(patch.mergedOver(this.json.readTree(c.settings())));
		this.challenges.update(organisationId, id,
				new NudjChallenges.Locked((patch.title() != null) ? patch.title() : c.name(),
						(patch.description() != null) ? patch.description() : c.description(), start, end, active,
						false, c.timeZone(), settings));
		if (patch.status() != null) {
			String derived = this.challenges.status(organisationId, id);
			if (!derived.equals(patch.status())) {
				throw ApiException.badRequest("status",
						"status " + patch.status() + " does not match the challenge's dates (" + start + " to " + end
								+ " in " + zone + "): it would be " + derived);
			}
		}
		log.info("Challenge {} updated through the nudj API (organisation {})", id, organisationId);
	}

	private void updateClosed(long organisationId, long id, NudjChallenges.Locked c, NudjPatch patch) {
		if (!patch.onlyStatus()) {
			throw closed();
		}
		boolean active = switch (patch.status()) {
			case "archived" -> false;
			case "expired" -> true;
			default -> throw closed();
		};
		this.challenges.update(organisationId, id, new NudjChallenges.Locked(c.name(), c.description(), c.startDate(),
				c.endDate(), active, true, c.timeZone(), c.settings()));
		log.info("Closed challenge {} set {} through the nudj API (organisation {})", id, patch.status(),
				organisationId);
	}

	private static ApiException closed() {
		return new ApiException(new ApiError(409, "challenge_closed",
				"a closed challenge cannot change; only its status may move between expired and archived", null));
	}

}
