package dev.podium.contracts;

import java.time.Instant;

/**
 * Event: a ledger row was written (earned, redeemed, expired or adjusted). Keyed by
 * {@code "<participantType>:<participantId>"} on {@link Topics#PARTICIPANT_EVENTS}, so
 * that each participant's events stay in order. {@code ce_id} is stable: de-duplicate by
 * it.
 *
 * @param organisationId the organisation
 * @param ledgerId the ledger row
 * @param participantType the participant's type (0 site, 1 unit, 2 user, 3 group, 4 team)
 * @param participantId the participant's id
 * @param participantName the participant's display name, or null if the directory has
 * none
 * @param points signed points of the row
 * @param reason 0 earned, 1 redeemed, 2 expired, 3 adjusted
 * @param challengeId the challenge that awarded the points, for reason 0
 * @param notes the row's notes (for an award: the challenge's name)
 * @param recordedAt when the row was written
 * @param sequence the participant's sequence number: gap-free and increasing per
 * participant (organisation, type, id) in publication order; assigned by the relay, null
 * until then
 */
public record PointsRecorded(long organisationId, long ledgerId, int participantType, long participantId,
		String participantName, long points, int reason, Long challengeId, String notes, Instant recordedAt,
		Long sequence) {

	/** The wire name of this event. */
	public static final String TYPE = MessageTypes.POINTS_RECORDED;

	/**
	 * The event as its writer creates it: the relay assigns the {@code sequence} when it
	 * publishes.
	 */
	public PointsRecorded(long organisationId, long ledgerId, int participantType, long participantId,
			String participantName, long points, int reason, Long challengeId, String notes, Instant recordedAt) {
		this(organisationId, ledgerId, participantType, participantId, participantName, points, reason, challengeId,
				notes, recordedAt, null);
	}
}
