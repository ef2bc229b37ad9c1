package dev.podium.platform.job;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import dev.podium.contracts.JobFinished;
import dev.podium.contracts.Topics;
import dev.podium.platform.error.ApiError;
import dev.podium.platform.outbox.Outbox;
import dev.podium.platform.outbox.OutboxMessage;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The job table. Moves to an end state happen only from {@code queued} or
 * {@code running}, so a job ends once; each end is announced with {@link JobFinished} in
 * the same transaction.
 */
public class Jobs {

	private static final String COLUMNS = """
			id, organisation_id, type, status, challenge_id, progress, result::text as result,
			error::text as error, created_at, started_at, finished_at""";

	private final JdbcClient jdbc;

	private final Outbox outbox;

	private final JsonMapper json;

	private final Clock clock;

	private final List<Consumer<Job>> endListeners = new CopyOnWriteArrayList<>();

	public Jobs(JdbcClient jdbc, Outbox outbox, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.outbox = outbox;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * Calls a listener with every job this instance ends, once its end committed (the
	 * metrics count them).
	 */
	public void onEnd(Consumer<Job> listener) {
		this.endListeners.add(listener);
	}

	/** Queues a job; the caller publishes its command in the same transaction. */
	@Transactional(propagation = Propagation.MANDATORY)
	public long create(long organisationId, String type, Long challengeId) {
		return this.jdbc.sql("""
				insert into job (organisation_id, type, challenge_id, created_at)
				values (:organisation, :type, :challenge, :now) returning id
				""")
			.param("organisation", organisationId)
			.param("type", type)
			.param("challenge", challengeId)
			.param("now", Timestamp.from(this.clock.instant()))
			.query(Long.class)
			.single();
	}

	/**
	 * The types of a challenge's queued and running jobs, as this transaction sees them.
	 */
	public Set<String> pendingTypes(long organisationId, long challengeId) {
		return new HashSet<>(this.jdbc.sql("""
				select distinct type from job
				where organisation_id = :o and status in ('queued', 'running') and challenge_id = :c
				""").param("o", organisationId).param("c", challengeId).query(String.class).list());
	}

	/**
	 * Moves a queued job to running.
	 * @return the job's status after the call; a worker goes on only while it is
	 * {@code running}
	 */
	@Transactional
	public JobStatus start(long jobId) {
		this.jdbc.sql("update job set status = 'running', started_at = :now where id = :id and status = 'queued'")
			.param("id", jobId)
			.param("now", Timestamp.from(this.clock.instant()))
			.update();
		return this.jdbc.sql("select status from job where id = :id")
			.param("id", jobId)
			.query((rs, n) -> JobStatus.fromWireName(rs.getString(1)))
			.optional()
			.orElse(JobStatus.FAILED);
	}

	/** Records progress of a running job (0 to 100). */
	public void progress(long jobId, int percent) {
		this.jdbc.sql("update job set progress = :p where id = :id and status = 'running'")
			.param("id", jobId)
			.param("p", Math.max(0, Math.min(100, percent)))
			.update();
	}

	/**
	 * Ends a job with its result, inside the caller's transaction.
	 * @return false if the job had already ended
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public boolean succeed(long jobId, Object result) {
		return finish(jobId, JobStatus.SUCCEEDED, this.json.writeValueAsString(result), null);
	}

	/**
	 * Ends a job with an error body (kept with its HTTP status, which a waiting request
	 * answers with), inside the caller's transaction.
	 * @return false if the job had already ended
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public boolean fail(long jobId, ApiError error) {
		Map<String, Object> stored = new LinkedHashMap<>();
		stored.put("status", error.status());
		stored.put("code", error.code());
		stored.put("error", error.error());
		if (error.field() != null) {
			stored.put("field", error.field());
		}
		error.details().forEach(stored::putIfAbsent);
		return finish(jobId, JobStatus.FAILED, null, this.json.writeValueAsString(stored));
	}

	/**
	 * Cancels a job that no worker has started yet.
	 * @return false if the job is not queued
	 */
	@Transactional
	public boolean cancel(long jobId) {
		return finish(jobId, JobStatus.CANCELED, null, null, List.of(JobStatus.QUEUED));
	}

	private boolean finish(long jobId, JobStatus status, String result, String error) {
		return finish(jobId, status, result, error, List.of(JobStatus.QUEUED, JobStatus.RUNNING));
	}

	private boolean finish(long jobId, JobStatus status, String result, String error, List<JobStatus> from) {
		Instant now = this.clock.instant();
		Optional<Job> ended = this.jdbc.sql("""
				update job set status = :status, result = cast(:result as jsonb), error = cast(:error as jsonb),
				       progress = case when :status = 'succeeded' then 100 else progress end, finished_at = :now
				where id = :id and status = any(:from)
				returning %s
				""".formatted(COLUMNS))
			.param("id", jobId)
			.param("status", status.wireName())
			.param("result", result)
			.param("error", error)
			.param("now", Timestamp.from(now))
			.param("from", from.stream().map(JobStatus::wireName).toArray(String[]::new))
			.query(this::job)
			.optional();
		ended.ifPresent((job) -> this.outbox.add(new OutboxMessage(Topics.JOB_EVENTS, Long.toString(job.id()),
				JobFinished.TYPE, job.organisationId(), "jobs/" + job.id(),
				new JobFinished(job.id(), job.organisationId(), job.type(), status.wireName(), now))));
		ended.ifPresent(this::announceAfterCommit);
		return ended.isPresent();
	}

	private void announceAfterCommit(Job job) {
		if (this.endListeners.isEmpty()) {
			return;
		}
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			this.endListeners.forEach((listener) -> listener.accept(job));
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				Jobs.this.endListeners.forEach((listener) -> listener.accept(job));
			}
		});
	}

	/** A job of an organisation; another organisation's job is not found. */
	public Optional<Job> find(long organisationId, long jobId) {
		return this.jdbc.sql("select %s from job where id = :id and organisation_id = :organisation".formatted(COLUMNS))
			.param("id", jobId)
			.param("organisation", organisationId)
			.query(this::job)
			.optional();
	}

	/** A job by id alone, for workers that were handed its id in a command. */
	public Optional<Job> find(long jobId) {
		return this.jdbc.sql("select %s from job where id = :id".formatted(COLUMNS))
			.param("id", jobId)
			.query(this::job)
			.optional();
	}

	/**
	 * A page of an organisation's jobs, newest first, optionally filtered by status, type
	 * and challenge.
	 */
	public List<Job> list(long organisationId, JobStatus status, String type, Long challengeId, int page, int perPage) {
		return this.jdbc.sql("""
				select %s from job
				where organisation_id = :organisation
				  and (cast(:status as text) is null or status = :status)
				  and (cast(:type as text) is null or type = :type)
				  and (cast(:challenge as bigint) is null or challenge_id = :challenge)
				order by id desc limit :limit offset :offset
				""".formatted(COLUMNS))
			.param("organisation", organisationId)
			.param("status", status == null ? null : status.wireName())
			.param("type", type)
			.param("challenge", challengeId)
			.param("limit", perPage)
			.param("offset", (long) (page - 1) * perPage)
			.query(this::job)
			.list();
	}

	/** How many jobs {@link #list} would page through. */
	public long count(long organisationId, JobStatus status, String type, Long challengeId) {
		return this.jdbc.sql("""
				select count(*) from job
				where organisation_id = :organisation
				  and (cast(:status as text) is null or status = :status)
				  and (cast(:type as text) is null or type = :type)
				  and (cast(:challenge as bigint) is null or challenge_id = :challenge)
				""")
			.param("organisation", organisationId)
			.param("status", status == null ? null : status.wireName())
			.param("type", type)
			.param("challenge", challengeId)
			.query(Long.class)
			.single();
	}

	private Job job(ResultSet rs, int row) throws SQLException {
		return new Job(rs.getLong("id"), rs.getLong("organisation_id"), rs.getString("type"),
				JobStatus.fromWireName(rs.getString("status")), (Long) rs.getObject("challenge_id"),
				rs.getInt("progress"), tree(rs.getString("result")), tree(rs.getString("error")),
				instant(rs, "created_at"), instant(rs, "started_at"), instant(rs, "finished_at"));
	}

	private JsonNode tree(String text) {
		return (text != null) ? this.json.readTree(text) : null;
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp ts = rs.getTimestamp(column);
		return (ts != null) ? ts.toInstant() : null;
	}

}
