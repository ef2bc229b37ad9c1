package dev.podium.platform.job;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

/**
 * A job as stored.
 *
 * @param id the job id
 * @param organisationId the owning organisation
 * @param type what the job does, e.g. {@code close}
 * @param status where it is
 * @param challengeId the challenge it works on, if any
 * @param progress 0 to 100
 * @param result the result once succeeded, else null
 * @param error the error body once failed, else null
 * @param createdAt when it was queued
 * @param startedAt when a worker started it
 * @param finishedAt when it ended
 */
public record Job(long id, long organisationId, String type, JobStatus status, Long challengeId, int progress,
		JsonNode result, JsonNode error, Instant createdAt, Instant startedAt, Instant finishedAt) {

}
