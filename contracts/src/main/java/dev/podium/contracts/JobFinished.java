package dev.podium.contracts;

import java.time.Instant;

/**
 * Event: a job reached an end state ({@code succeeded}, {@code failed} or
 * {@code canceled}). Keyed by job id on {@link Topics#JOB_EVENTS}.
 *
 * @param jobId the job
 * @param organisationId the organisation that owns the job
 * @param jobType the job's type, e.g. {@code close}
 * @param status the end state
 * @param finishedAt when the job ended
 */
public record JobFinished(long jobId, long organisationId, String jobType, String status, Instant finishedAt) {

	/** The wire name of this event. */
	public static final String TYPE = MessageTypes.JOB_FINISHED;

}
