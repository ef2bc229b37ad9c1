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
 * @param sequence the participant's sequence number: gap-free and increasing per
 * participant (organisation, type, id) in publication order; assigned by the relay, null
 * until then
 */
public record PointsRemoved(long organisationId, long ledgerId, int participantType, long participantId, long points,
		int reason, Long challengeId, Instant removedAt, Long sequence) {

	/** The wire name of this event. */
	public static final String TYPE = MessageTypes.POINTS_REMOVED;

	/**
	 * The event as its writer creates it: the relay assigns the {@code sequence} when it
	 * publishes.
	 */
	public PointsRemoved(long organisationId, long ledgerId, int participantType, long participantId, long points,
			int reason, Long challengeId, Instant removedAt) {
		this(organisationId, ledgerId, participantType, participantId, points, reason, challengeId, removedAt, null);
	}
}
