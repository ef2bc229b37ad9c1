package dev.podium.contracts;

import java.time.Instant;

/**
 * Event: a grant was revoked, or removed with its challenge. Keyed by
 * {@code "<participantType>:<participantId>"} on {@link Topics#PARTICIPANT_EVENTS}.
 *
 * @param organisationId the organisation
 * @param grantId the grant
 * @param badgeId the badge
 * @param participantType the participant's type
 * @param participantId the participant's id
 * @param source {@code challenge}, {@code rule} or {@code manual}
 * @param challengeId the awarding challenge, if any
 * @param reason why, e.g. {@code challenge deleted}
 * @param revokedAt when
 * @param sequence the participant's sequence number: gap-free and increasing per
 * participant (organisation, type, id) in publication order; assigned by the relay, null
 * until then
 */
public record BadgeRevoked(long organisationId, long grantId, long badgeId, int participantType, long participantId,
		String source, Long challengeId, String reason, Instant revokedAt, Long sequence) {

	/** The wire name of this event. */
	public static final String TYPE = MessageTypes.BADGE_REVOKED;

	/**
	 * The event as its writer creates it: the relay assigns the {@code sequence} when it
	 * publishes.
	 */
	public BadgeRevoked(long organisationId, long grantId, long badgeId, int participantType, long participantId,
			String source, Long challengeId, String reason, Instant revokedAt) {
		this(organisationId, grantId, badgeId, participantType, participantId, source, challengeId, reason, revokedAt,
				null);
	}
}
