package dev.podium.contracts;

/**
 * Command: recompute a challenge's results snapshot from the activities. Never awards.
 * Keyed by challenge id on {@link Topics#COMMANDS} ({@link Topics#BULK_COMMANDS} for a
 * large challenge).
 *
 * @param jobId the job that tracks the compute
 * @param organisationId the organisation that owns the challenge
 * @param challengeId the challenge
 */
public record ComputeResults(long jobId, long organisationId, long challengeId) {

	/** The wire name of this command. */
	public static final String TYPE = MessageTypes.COMPUTE_RESULTS;

}
