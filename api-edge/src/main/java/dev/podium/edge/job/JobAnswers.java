package dev.podium.edge.job;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.podium.platform.job.Job;
import dev.podium.platform.job.JobStatus;
import dev.podium.platform.job.Jobs;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The answer to an asynchronous command: {@code 202} with {@code Location: /jobs/{id}}
 * and {@code {"success":true,"jobid":N,"status":"queued"}}; or, when the client sent
 * {@code Prefer: wait=N} (N up to 60) and the job ended in time, the finished answer:
 * {@code 200} with the job's result, or the status and body of the job's error.
 */
public class JobAnswers {

	/** The longest wait a client may ask for. */
	public static final Duration MAX_WAIT = Duration.ofSeconds(60);

	private static final Pattern WAIT = Pattern.compile("(?:^|[,;\\s])wait\\s*=\\s*(\\d{1,9})");

	private final Jobs jobs;

	private final JobWaiter waiter;

	public JobAnswers(Jobs jobs, JobWaiter waiter) {
		this.jobs = jobs;
		this.waiter = waiter;
	}

	/**
	 * Answers for a job just queued.
	 * @param prefer the request's {@code Prefer} header, or null
	 */
	public ResponseEntity<Object> accepted(long organisationId, long jobId, String prefer) {
		Optional<Duration> wait = requestedWait(prefer);
		if (wait.isPresent()) {
			Job job = awaitEnd(organisationId, jobId, wait.get());
			if (job.status().isFinished()) {
				return finished(job, wait.get());
			}
			return queued(job.id(), job.status());
		}
		return queued(jobId, JobStatus.QUEUED);
	}

	static Optional<Duration> requestedWait(String prefer) {
		if (prefer == null) {
			return Optional.empty();
		}
		Matcher m = WAIT.matcher(prefer);
		if (!m.find()) {
			return Optional.empty();
		}
		long seconds = Long.parseLong(m.group(1));
		return Optional.of(Duration.ofSeconds(Math.min(seconds, MAX_WAIT.toSeconds())));
	}

	private Job awaitEnd(long organisationId, long jobId, Duration wait) {
		Instant deadline = Instant.now().plus(wait);
		while (true) {
			CompletableFuture<Void> ended = this.waiter.register(jobId);
			try {
				Job job = this.jobs.find(organisationId, jobId).orElseThrow();
				Duration left = Duration.between(Instant.now(), deadline);
				if (job.status().isFinished() || left.isNegative() || left.isZero()) {
					return job;
				}
				ended.get(left.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException ex) {
				return this.jobs.find(organisationId, jobId).orElseThrow();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return this.jobs.find(organisationId, jobId).orElseThrow();
			}
			catch (ExecutionException ex) {
				throw new IllegalStateException(ex);
			}
			finally {
				this.waiter.unregister(jobId, ended);
			}
		}
	}

	private static ResponseEntity<Object> queued(long jobId, JobStatus status) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("success", true);
		body.put("jobid", jobId);
		body.put("status", status.wireName());
		return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/jobs/" + jobId)).body(body);
	}

	private static ResponseEntity<Object> finished(Job job, Duration waited) {
		String applied = "wait=" + waited.toSeconds();
		if (job.status() == JobStatus.SUCCEEDED) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("success", true);
			body.put("jobid", job.id());
			body.put("status", job.status().wireName());
			JsonNode result = job.result();
			if (result instanceof ObjectNode fields) {
				fields.properties().forEach((e) -> body.putIfAbsent(e.getKey(), e.getValue()));
			}
			else if (result != null) {
				body.put("result", result);
			}
			return ResponseEntity.ok().header("Preference-Applied", applied).body(body);
		}
		if (job.status() == JobStatus.CANCELED) {
			return ResponseEntity.status(HttpStatus.CONFLICT)
				.header("Preference-Applied", applied)
				.body(Map.of("error", "the job was canceled", "code", "job_canceled"));
		}
		JsonNode error = job.error();
		int status = (error != null && error.has("status")) ? error.get("status").asInt() : 500;
		if (error instanceof ObjectNode fields) {
			fields.remove("status");
		}
		return ResponseEntity.status(status).header("Preference-Applied", applied).body(error);
	}

}
