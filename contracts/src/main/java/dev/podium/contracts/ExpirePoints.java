package dev.podium.contracts;

/**
 * Command: expire an organisation's earned points that are older than its policy's
 * {@code pointsexpirydays}, oldest first and net of what was spent, writing one expired
 * ledger row (reason 2) per participant with something to expire. Running it again writes
 * nothing more. Keyed by organisation id on {@link Topics#BULK_COMMANDS}.
 *
 * @param jobId the job that tracks the run
 * @param organisationId the organisation
 */
public record ExpirePoints(long jobId, long organisationId) {

	/** The wire name of this command. */
	public static final String TYPE = MessageTypes.EXPIRE_POINTS;

}
