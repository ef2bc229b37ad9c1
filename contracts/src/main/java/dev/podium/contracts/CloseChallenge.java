package dev.podium.contracts;

/**
 * Command: close a challenge, awarding its winners once. Keyed by challenge id on
 * {@link Topics#COMMANDS} ({@link Topics#BULK_COMMANDS} for a large challenge); the
 * close-worker moves job {@code jobId} to its end state in the same transaction as the
 * close.
 *
 * @param jobId the job that tracks this close
 * @param organisationId the organisation that owns the challenge
 * @param challengeId the challenge to close
 */
public record CloseChallenge(long jobId, long organisationId, long challengeId) {

	/** The wire name of this command. */
	public static final String TYPE = MessageTypes.CLOSE_CHALLENGE;

}
