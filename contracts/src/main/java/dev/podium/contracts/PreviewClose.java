package dev.podium.contracts;

/**
 * Command: work out what a close of the challenge would award now, writing nothing but
 * the job's result. Keyed by challenge id on {@link Topics#COMMANDS}
 * ({@link Topics#BULK_COMMANDS} for a large challenge).
 *
 * @param jobId the job that carries the answer
 * @param organisationId the organisation that owns the challenge
 * @param challengeId the challenge
 */
public record PreviewClose(long jobId, long organisationId, long challengeId) {

	/** The wire name of this command. */
	public static final String TYPE = MessageTypes.PREVIEW_CLOSE;

}
