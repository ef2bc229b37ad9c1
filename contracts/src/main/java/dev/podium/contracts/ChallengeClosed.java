package dev.podium.contracts;

import java.time.Instant;

/**
 * Event: a challenge was closed and its awards committed. Published once per challenge on
 * {@link Topics#CHALLENGE_EVENTS}, keyed by challenge id.
 *
 * @param organisationId the organisation that owns the challenge
 * @param challengeId the closed challenge
 * @param name the challenge's name at close time
 * @param winners how many participants were awarded
 * @param points the points awarded in total
 * @param closedAt when the close committed
 */
public record ChallengeClosed(long organisationId, long challengeId, String name, long winners, long points,
		Instant closedAt) {

	/** The wire name of this event. */
	public static final String TYPE = MessageTypes.CHALLENGE_CLOSED;

}
