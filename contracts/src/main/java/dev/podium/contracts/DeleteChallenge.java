package dev.podium.contracts;

/**
 * Command: delete a challenge with its results, its ledger rows and its grants,
 * announcing every removed row. Keyed by challenge id on {@link Topics#COMMANDS}
 * ({@link Topics#BULK_COMMANDS} for a large challenge).
 *
 * @param jobId the job that tracks the delete
 * @param organisationId the organisation that owns the challenge
 * @param challengeId the challenge
 */
public record DeleteChallenge(long jobId, long organisationId, long challengeId) {

	/** The wire name of this command. */
	public static final String TYPE = MessageTypes.DELETE_CHALLENGE;

}
