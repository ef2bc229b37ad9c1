package dev.podium.contracts;

import java.time.Instant;

/**
 * Event: a badge was granted. Keyed by {@code "<participantType>:<participantId>"} on
 * {@link Topics#PARTICIPANT_EVENTS}. {@code ce_id} is stable: de-duplicate by it.
 *
 * @param organisationId the organisation
 * @param grantId the grant
 * @param badgeId the badge
 * @param badgeName the badge's name
 * @param participantType the participant's type
 * @param participantId the participant's id
 * @param participantName the participant's display name, or null if the directory has
 * none
 * @param source {@code challenge}, {@code rule} or {@code manual}
 * @param challengeId the awarding challenge, for source {@code challenge}
 * @param ruleId the awarding rule, for source {@code rule}
 * @param grantedAt when the grant was written
 * @param sequence the participant's sequence number: gap-free and increasing per
 * participant (organisation, type, id) in publication order; assigned by the relay, null
 * until then
 */
public record BadgeGranted(long organisationId, long grantId, long badgeId, String badgeName, int participantType,
		long participantId, String participantName, String source, Long challengeId, Long ruleId, Instant grantedAt,
		Long sequence) {

	/** The wire name of this event. */
	public static final String TYPE = MessageTypes.BADGE_GRANTED;

	/**
	 * The event as its writer creates it: the relay assigns the {@code sequence} when it
	 * publishes.
	 */
	public BadgeGranted(long organisationId, long grantId, long badgeId, String badgeName, int participantType,
			long participantId, String participantName, String source, Long challengeId, Long ruleId,
			Instant grantedAt) {
		this(organisationId, grantId, badgeId, badgeName, participantType, participantId, participantName, source,
				challengeId, ruleId, grantedAt, null);
	}
}
