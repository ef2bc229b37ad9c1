package dev.podium.platform.metrics;

import java.time.Duration;
import java.util.List;

import dev.podium.platform.job.Job;
import dev.podium.platform.job.JobStatus;
import dev.podium.platform.job.Jobs;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Times every job this instance ends, once its end committed: {@code podium.jobs} (from
 * queued to ended) and {@code podium.jobs.run} (from started to ended), both by type and
 * status, and counts ends by status in {@code podium.jobs.ended} (present from the start
 * at 0, so that an alert on its increase sees the first failure).
 */
public final class JobMetrics {

	private static final List<JobStatus> ENDS = List.of(JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELED);

	private final MeterRegistry meters;

	private JobMetrics(MeterRegistry meters) {
		this.meters = meters;
	}

	/** Records the jobs that {@code jobs} ends into {@code meters}. */
	public static JobMetrics bind(Jobs jobs, MeterRegistry meters) {
		JobMetrics metrics = new JobMetrics(meters);
		ENDS.forEach(metrics::ended);
		jobs.onEnd(metrics::record);
		return metrics;
	}

	void record(Job job) {
		String status = job.status().wireName();
		if (job.finishedAt() != null && job.createdAt() != null) {
			Timer.builder("podium.jobs")
				.description("Jobs ended by this instance, from queued to ended")
				.tag("type", job.type())
				.tag("status", status)
				.register(this.meters)
				.record(positive(Duration.between(job.createdAt(), job.finishedAt())));
		}
		if (job.finishedAt() != null && job.startedAt() != null) {
			Timer.builder("podium.jobs.run")
				.description("Jobs ended by this instance, from started to ended")
				.tag("type", job.type())
				.tag("status", status)
				.register(this.meters)
				.record(positive(Duration.between(job.startedAt(), job.finishedAt())));
		}
		ended(job.status()).increment();
	}

	private Counter ended(JobStatus status) {
		return Counter.builder("podium.jobs.ended")
			.description("Jobs ended by this instance, by end status")
			.tag("status", status.wireName())
			.register(this.meters);
	}

	private static Duration positive(Duration duration) {
		return duration.isNegative() ? Duration.ZERO : duration;
	}

}
