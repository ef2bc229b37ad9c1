package dev.podium.local;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;

import dev.podium.contracts.Topics;
import dev.podium.platform.testing.ApiClient;
import dev.podium.platform.testing.BenchmarkReport;
import dev.podium.platform.testing.RealInfrastructure;
import dev.podium.platform.testing.TestMessages;
import dev.podium.platform.testing.TestTenant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A close of a challenge with many winners (default 1,000,000;
 * {@code -Dpodium.winners=N}): the close's wall time and ledger rows/s against a raw
 * {@code COPY} of as many ledger rows into the same table in the same run, and the
 * relay's share: from the close's commit until every event is on Kafka. Run with
 * {@code ./mvnw -pl local-stack -am verify -Dpodium.benchmarks -Dtest=CloseBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DskipITs}.
 */
@Tag("benchmark")
class CloseBenchmark {

	static final String COMMAND = "./mvnw -pl local-stack -am verify -Dpodium.benchmarks -Dtest=CloseBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DskipITs";

	@Test
	void closeOfManyWinners() throws Exception {
		int winners = Integer.getInteger("podium.winners", 1_000_000);
		BenchmarkReport report = BenchmarkReport.start(40, "CloseBenchmark", "Close of many winners against a raw COPY")
			.command(COMMAND)
			.size("podium.winners", winners);
		LocalStack stack = SharedStack.get();
		ApiClient api = new ApiClient(stack.baseUrl());
		TestTenant tenant = TestTenant.create(stack.apps().get(0));
		JdbcClient jdbc = JdbcClient.create(RealInfrastructure.dataSource());
		long badge = jdbc.sql("insert into badge (organisation_id, name) values (:o, 'bench') returning id")
			.param("o", tenant.organisationId())
			.query(Long.class)
			.single();
		Map<String, Object> fields = new HashMap<>(Map.of("name", "bench", "threshold", 1, "startdate", "2026-10-01",
				"enddate", "2026-10-31", "rewardpoints", 10, "rewardbadgeid", badge));
		long challenge = api.post("/challenges", tenant.admin(), fields).json().get("id").asLong();
		long baseline = api.post("/challenges", tenant.admin(), fields).json().get("id").asLong();
		jdbc.sql(
				"""
						insert into challenge_result (challenge_id, participant_type, participant_id, metric_value, met, rank, computed_at)
						select :c, 2, g, 5, true, 1, now() from generate_series(1, :n) g
						""")
			.param("c", challenge)
			.param("n", winners)
			.update();
		jdbc.sql("vacuum analyze challenge_result").update();

		// Baseline: COPY the same number of ledger rows into the same table.
		String organisation = Long.toString(tenant.organisationId());
		Duration copy = copy(
				"ledger (organisation_id, challenge_id, participant_type, participant_id, points, reason, notes)",
				winners, (i) -> organisation + "," + baseline + ",2," + i + ",10,0,bench");
		// Second baseline: COPY as many challenge grants into badge_grant. The close
		// writes both tables (and the events) in one transaction, so a close cannot take
		// less than the two COPYs together.
		Duration grantCopy = copy(
				"badge_grant (organisation_id, badge_id, participant_type, participant_id, source, challenge_id)",
				winners, (i) -> organisation + "," + badge + ",2," + i + ",challenge," + baseline);

		long eventsBefore = TestMessages.endOffset(Topics.PARTICIPANT_EVENTS);
		long closeStart = System.nanoTime();
		long job = api.post("/challenges/close?id=" + challenge, tenant.admin(), null).json().get("jobid").asLong();
		String status;
		do {
			Thread.sleep(200);
			status = jdbc.sql("select status from job where id = :id").param("id", job).query(String.class).single();
		}
		while ("queued".equals(status) || "running".equals(status));
		Duration close = Duration.ofNanos(System.nanoTime() - closeStart);
		assertThat(status).isEqualTo("succeeded");
		long committed = System.nanoTime();
		long expected = 2L * winners;
		while (TestMessages.endOffset(Topics.PARTICIPANT_EVENTS) - eventsBefore < expected) {
			Thread.sleep(500);
		}
		Duration relay = Duration.ofNanos(System.nanoTime() - committed);
		assertThat(jdbc.sql("select count(*) from ledger where challenge_id = :c")
			.param("c", challenge)
			.query(Long.class)
			.single()).isEqualTo(winners);

		double copyRate = winners / (copy.toMillis() / 1000.0);
		double closeRate = winners / (close.toMillis() / 1000.0);
		System.out.println(String.format("BENCHMARK raw COPY of %d ledger rows: %.1f s, %.0f rows/s", winners,
				copy.toMillis() / 1000.0, copyRate));
		double reachable = (double) copy.toMillis() / (copy.toMillis() + grantCopy.toMillis());
		System.out.println(String.format(
				"BENCHMARK raw COPY of %d grants: %.1f s; ledger + grants COPY %.1f s: the highest ratio a close writing both in one transaction could reach is %.2f",
				winners, grantCopy.toMillis() / 1000.0, (copy.toMillis() + grantCopy.toMillis()) / 1000.0, reachable));
		System.out.println(String.format(
				"BENCHMARK close of %d winners (ledger + grants + %d events, one transaction): %.1f s, %.0f ledger rows/s = %.2f x COPY",
				winners, expected, close.toMillis() / 1000.0, closeRate, closeRate / copyRate));
		System.out.println(
				String.format("BENCHMARK relay: %d events on Kafka %.1f s after the close committed (%.0f events/s)",
						expected, relay.toMillis() / 1000.0, expected / (relay.toMillis() / 1000.0)));
		double relayRate = expected / (relay.toMillis() / 1000.0);
		System.out.println(String.format("BENCHMARK relay after the commit = %.2f x the close's own time",
				(double) relay.toMillis() / close.toMillis()));
		report.description(BenchmarkReport
			.format("`CloseBenchmark` puts %,d winners in a challenge's snapshot, then (baseline) `COPY`s as many ledger rows of "
					+ "another challenge into the same `ledger` table, then closes the challenge through the whole pipeline "
					+ "(`POST close` → relay → close-worker: ledger rows, grants and %,d participant events in one "
					+ "transaction) and waits until every event is on Kafka (the relay's lag after the commit). "
					+ "Target: close ledger rows/s ≥ 0.5 × COPY rows/s. A second baseline `COPY`s as many grants into "
					+ "`badge_grant`: since the close writes both tables in one transaction, the two `COPY`s together "
					+ "bound how fast it can be.", winners, expected))
			.row("close, `POST` → job succeeded", BenchmarkReport.format("%.1f s", close.toMillis() / 1000.0),
					BenchmarkReport.format("raw `COPY`: %.1f s", copy.toMillis() / 1000.0),
					BenchmarkReport.ratio(close.toMillis(), copy.toMillis()))
			.row("close ledger rows/s ÷ `COPY` rows/s (target ≥ 0.5)",
					BenchmarkReport.format("%,.0f rows/s", closeRate), BenchmarkReport.format("%,.0f rows/s", copyRate),
					"**" + BenchmarkReport.ratio(closeRate, copyRate) + "**")
			.row("raw `COPY` of as many grants into `badge_grant`",
					BenchmarkReport.format("%.1f s", grantCopy.toMillis() / 1000.0),
					BenchmarkReport.format("raw `COPY` of the ledger rows: %.1f s", copy.toMillis() / 1000.0),
					BenchmarkReport.ratio(grantCopy.toMillis(), copy.toMillis()))
			.row("the ratio a close could reach if writing ledger and grants cost no more than their two `COPY`s (events free)",
					BenchmarkReport.format("%.2f", reachable), "", "")
			.row("relay: close commit → all events on Kafka",
					BenchmarkReport.format("%.1f s (%,.0f events/s)", relay.toMillis() / 1000.0, relayRate),
					BenchmarkReport.format("raw `COPY`: %,.0f rows/s", copyRate),
					BenchmarkReport.ratio(relayRate, copyRate))
			.row("relay after the commit ÷ the close's own time (target ≤ 1.5)",
					BenchmarkReport.format("%.1f s", relay.toMillis() / 1000.0),
					BenchmarkReport.format("close: %.1f s", close.toMillis() / 1000.0),
					"**" + BenchmarkReport.ratio(relay.toMillis(), close.toMillis()) + "**")
			.write();
	}

	/**
	 * {@code COPY}s rows 1 to {@code rows} (CSV lines) into a table: how long the
	 * {@code COPY} took, building the lines not counted.
	 */
	private static Duration copy(String tableAndColumns, int rows, IntFunction<String> line) throws Exception {
		StringBuilder csv = new StringBuilder(rows * 40);
		for (int i = 1; i <= rows; i++) {
			csv.append(line.apply(i)).append('\n');
		}
		String lines = csv.toString();
		long start = System.nanoTime();
		PostgresCopy.into(tableAndColumns, lines);
		return Duration.ofNanos(System.nanoTime() - start);
	}

}
