package dev.podium.contracts;

/**
 * Command: close every eligible challenge of an organisation (auto-close on, not closed,
 * end date passed in the organisation's time zone), recomputing each snapshot first.
 * Keyed by organisation id on {@link Topics#BULK_COMMANDS}.
 *
 * @param jobId the job that tracks the run
 * @param organisationId the organisation
 */
public record AutoClose(long jobId, long organisationId) {

	/** The wire name of this command. */
	public static final String TYPE = MessageTypes.AUTO_CLOSE;

}
