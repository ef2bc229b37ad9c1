package dev.podium.infra;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.podium.contracts.CloseChallenge;
import dev.podium.contracts.Topics;
import dev.podium.platform.organisation.Organisations;
import dev.podium.platform.security.ApiTokens;
import dev.podium.platform.security.Role;
import dev.podium.platform.testing.ApiClient;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A month-end burst: {@code count} small challenges of a fresh organisation, each with
 * {@code winners} winners in its results snapshot, closed through the edge
 * ({@code POST /challenges/close}, one job and one command each). {@link #verify()}
 * checks that every close was done exactly once.
 */
final class CloseBurst {

	private final ProcessStack stack;

	private final JdbcClient jdbc;

	private final int count;

	private final int winners;

	private final long organisation;

	private final String admin;

	private final List<Long> challenges;

	CloseBurst(ProcessStack stack, int count, int winners) {
		this.stack = stack;
		this.jdbc = JdbcClient.create(stack.dataSource());
		this.count = count;
		this.winners = winners;
		this.organisation = new Organisations(this.jdbc).create("burst-" + UUID.randomUUID(), "UTC");
		this.admin = new ApiTokens(this.jdbc).issue(this.organisation, Role.ADMIN, null, null, "burst");
		ApiClient api = stack.api();
		long template = api
			.post("/challenges", this.admin, Map.of("name", "burst", "threshold", 1, "startdate", "2026-10-01",
					"enddate", "2026-10-31", "rewardpoints", 10))
			.json()
			.get("id")
			.asLong();
		this.jdbc.sql("""
				insert into challenge (organisation_id, name, metric, scope, threshold, comparator, start_date,
				                       end_date, reward_points)
				select organisation_id, name || '-' || g, metric, scope, threshold, comparator, start_date, end_date,
				       reward_points
				from challenge, generate_series(2, :count) g where id = :template
				""").param("count", count).param("template", template).update();
		this.challenges = this.jdbc.sql("select id from challenge where organisation_id = :o order by id")
			.param("o", this.organisation)
			.query(Long.class)
			.list();
		this.jdbc.sql("""
				insert into challenge_result (challenge_id, participant_type, participant_id, metric_value, met, rank,
				                              computed_at)
				select c.id, 2, w, 5, true, 1, now() from challenge c, generate_series(1, :winners) w
				where c.organisation_id = :o
				""").param("winners", winners).param("o", this.organisation).update();
	}

	/**
	 * Queues every close straight onto {@code podium.commands}: a job row per close, then
	 * the commands as the relay writes them (key, CloudEvents headers, body), produced in
	 * one go. The whole burst is on Kafka within a second, so that what drains it is the
	 * close-workers alone.
	 */
	Duration produceAtOnce() {
		List<long[]> jobs = this.jdbc.sql("""
				insert into job (organisation_id, type, challenge_id)
				select :o, 'close', id from challenge where organisation_id = :o
				returning id, challenge_id
				""").param("o", this.organisation).query((rs, n) -> new long[] { rs.getLong(1), rs.getLong(2) }).list();
		List<ProcessStack.Record> records = new ArrayList<>();
		for (long[] job : jobs) {
			records.add(new ProcessStack.Record(Long.toString(job[1]),
					"{\"jobId\":%d,\"organisationId\":%d,\"challengeId\":%d}".formatted(job[0], this.organisation,
							job[1]),
					Map.of("ce_id", UUID.randomUUID().toString(), "ce_type", CloseChallenge.TYPE, "ce_source",
							"/podium/organisations/" + this.organisation, "ce_subject", "challenges/" + job[1],
							"ce_specversion", "1.0", "content-type", "application/json")));
		}
		long t0 = System.nanoTime();
		this.stack.produce(Topics.COMMANDS, records);
		return Duration.ofNanos(System.nanoTime() - t0);
	}

	/** Sends every close command through the edge, {@code clients} at a time. */
	Duration submit(int clients) throws Exception {
		long t0 = System.nanoTime();
		ApiClient api = this.stack.api();
		try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
			List<Future<Integer>> sent = new ArrayList<>();
			for (long challenge : this.challenges) {
				sent.add(pool.submit(() -> api.post("/challenges/close?id=" + challenge, this.admin, null).status()));
			}
			for (Future<Integer> status : sent) {
				assertThat(status.get()).isEqualTo(202);
			}
		}
		return Duration.ofNanos(System.nanoTime() - t0);
	}

	long succeeded() {
		return this.jdbc
			.sql("select count(*) from job where organisation_id = :o and type = 'close' and status = 'succeeded'")
			.param("o", this.organisation)
			.query(Long.class)
			.single();
	}

	boolean drained() {
		return this.jdbc.sql(
				"select count(*) from job where organisation_id = :o and type = 'close' and status in ('queued', 'running')")
			.param("o", this.organisation)
			.query(Long.class)
			.single() == 0 && succeeded() + failed() == this.count;
	}

	long failed() {
		return this.jdbc.sql(
				"select count(*) from job where organisation_id = :o and type = 'close' and status <> 'succeeded' and finished_at is not null")
			.param("o", this.organisation)
			.query(Long.class)
			.single();
	}

	/**
	 * Seconds from the first job's start to the last job's end, as the job table has it.
	 */
	double drainSeconds() {
		return this.jdbc.sql("""
				select extract(epoch from max(finished_at) - min(started_at)) from job
				where organisation_id = :o and type = 'close'
				""").param("o", this.organisation).query(Double.class).single();
	}

	/**
	 * Closes per second between the {@code from}-th and the {@code to}-th job's end (by
	 * end time): the steady rate, without the start and the tail.
	 */
	double rate(int from, int to) {
		List<Double> ends = this.jdbc.sql("""
				select extract(epoch from finished_at) from job
				where organisation_id = :o and type = 'close' and finished_at is not null order by finished_at
				""").param("o", this.organisation).query(Double.class).list();
		return (to - from) / (ends.get(to - 1) - ends.get(from - 1));
	}

	/** Every close done exactly once: all jobs succeeded, every winner awarded once. */
	void verify() {
		assertThat(succeeded()).as("close jobs succeeded").isEqualTo(this.count);
		assertThat(this.jdbc.sql("select count(*) from challenge where organisation_id = :o and closed")
			.param("o", this.organisation)
			.query(Long.class)
			.single()).as("challenges closed").isEqualTo(this.count);
		assertThat(this.jdbc.sql("select count(*) from ledger where organisation_id = :o and reason = 0")
			.param("o", this.organisation)
			.query(Long.class)
			.single()).as("ledger rows: one per winner and challenge").isEqualTo((long) this.count * this.winners);
		assertThat(this.jdbc.sql("""
				select count(*) from (select 1 from ledger where organisation_id = :o and reason = 0
				group by challenge_id, participant_type, participant_id having count(*) > 1) twice
				""").param("o", this.organisation).query(Long.class).single()).as("awards done twice").isZero();
		assertThat(this.jdbc.sql("""
				select coalesce(sum(points), 0) from ledger where organisation_id = :o
				""").param("o", this.organisation).query(Long.class).single()).as("points awarded")
			.isEqualTo(10L * this.count * this.winners);
	}

	int count() {
		return this.count;
	}

}
