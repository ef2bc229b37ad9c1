package dev.podium.notificationworker.notifying;

import java.util.Optional;
import java.util.UUID;

import dev.podium.contracts.BadgeGranted;
import dev.podium.contracts.PointsRecorded;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Which participant events become notifications, with their titles and bodies. The bodies
 * have the shape the badge-rule-worker gives its grants' notifications (lower-case keys,
 * ids and names).
 * <ul>
 * <li>{@code podium.points.recorded.v1} with reason 0 (earned: a challenge's award) →
 * {@code points_awarded}, "Points earned: 50 for Winter sprint", body {@code {ledgerid,
 * points, reason, challengeid, challengename}}. Redemptions, expiries and adjustments are
 * an administrator's bookkeeping, not awards: no notification.</li>
 * <li>{@code podium.badge.granted.v1} of any source → {@code badge_granted}, "Badge
 * earned: Gold", body {@code {grantid, badgeid, badgename, source, ruleid,
 * challengeid}}.</li>
 * </ul>
 */
final class Notices {

	static final String POINTS_AWARDED = "points_awarded";

	static final String BADGE_GRANTED = "badge_granted";

	static final String CHALLENGE_CLOSED = "challenge_closed";

	/** The ledger reason of a challenge's award. */
	static final int EARNED = 0;

	private static final JsonMapper JSON = JsonMapper.shared();

	private Notices() {
	}

	/** The notification of a ledger row, if it is an award. */
	static Optional<Notice> of(UUID eventId, PointsRecorded event) {
		if (event.reason() != EARNED) {
			return Optional.empty();
		}
		ObjectNode body = JSON.createObjectNode();
		body.put("ledgerid", event.ledgerId());
		body.put("points", event.points());
		body.put("reason", event.reason());
		body.put("challengeid", event.challengeId());
		body.put("challengename", event.notes());
		String title = "Points earned: " + event.points()
				+ ((event.notes() != null && !event.notes().isBlank()) ? " for " + event.notes() : "");
		return Optional.of(new Notice(eventId, event.organisationId(), event.participantType(), event.participantId(),
				POINTS_AWARDED, title, JSON.writeValueAsString(body), event.recordedAt()));
	}

	/** The notification of a grant. */
	static Notice of(UUID eventId, BadgeGranted event) {
		ObjectNode body = JSON.createObjectNode();
		body.put("grantid", event.grantId());
		body.put("badgeid", event.badgeId());
		body.put("badgename", event.badgeName());
		body.put("source", event.source());
		body.put("ruleid", event.ruleId());
		body.put("challengeid", event.challengeId());
		return new Notice(eventId, event.organisationId(), event.participantType(), event.participantId(),
				BADGE_GRANTED, (event.badgeName() != null) ? "Badge earned: " + event.badgeName() : "Badge earned",
				JSON.writeValueAsString(body), event.grantedAt());
	}

}
