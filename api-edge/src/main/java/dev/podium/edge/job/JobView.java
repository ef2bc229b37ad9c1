package dev.podium.edge.job;

import java.time.Instant;

import dev.podium.platform.job.Job;
import tools.jackson.databind.JsonNode;

/**
 * A job on the wire (seed style: lower-case names).
 */
record JobView(long id, String type, String status, Long challengeid, int progress, JsonNode result, JsonNode error,
		Instant createdat, Instant startedat, Instant finishedat) {

	static JobView of(Job job) {
		return new JobView(job.id(), job.type(), job.status().wireName(), job.challengeId(), job.progress(),
				job.result(), job.error(), job.createdAt(), job.startedAt(), job.finishedAt());
	}

}
