package dev.podium.contracts;

import java.time.Instant;

/**
 * Event: a ledger row was removed (its challenge was deleted); subscribers reconcile by
 * {@code ledgerId}. Keyed by {@code "<participantType>:<participantId>"} on
 * {@link Topics#PARTICIPANT_EVENTS}.
 *
 * @param organisationId the organisation
 * @param ledgerId the removed row
 * @param participantType the participant's type
 * @param participantId the participant's id
 * @param points the row's signed points, now gone from the balance
 * @param reason the row's reason
 * @param challengeId the deleted challenge
 * @param removedAt when the row was removed
 */
public record PointsRemoved(long organisationId, long ledgerId, int participantType, long participantId, long points,
		int reason, Long challengeId, Instant removedAt) {

	/** The wire name of this event. */
	public static final String TYPE = MessageTypes.POINTS_REMOVED;

}
