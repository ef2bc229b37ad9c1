package dev.podium.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.podium.platform.testing.ApiClient;
import dev.podium.platform.testing.BenchmarkReport;
import dev.podium.platform.testing.RealInfrastructure;
import dev.podium.platform.testing.TestTenant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The walking skeleton's latency: from {@code POST /challenges/close} to the job's end,
 * over the whole path (edge, outbox, relay, broker, close-worker). Prints figures against
 * a trivial authenticated GET on the same edge, measured in the same run. Run with
 * {@code ./mvnw -pl local-stack -am verify -Dpodium.benchmarks -Dtest=CloseLatencyBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DskipITs}
 * ({@code -Dpodium.latency.closes=N}, default 200).
 */
@Tag("benchmark")
class CloseLatencyBenchmark {

	private static final int WARM_UP = 30;

	static final String COMMAND = "./mvnw -pl local-stack -am verify -Dpodium.benchmarks -Dtest=CloseLatencyBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DskipITs";

	@Test
	void closeLatency() {
		int closes = Integer.getInteger("podium.latency.closes", 200);
		BenchmarkReport report = BenchmarkReport
			.start(20, "CloseLatencyBenchmark", "Close latency through the whole pipeline")
			.command(COMMAND)
			.size("podium.latency.closes", closes);
		try (LocalStack stack = LocalStack.startApps(new LocalSettings(0, false, Path.of("unused"), 0, 0, 6, null),
				RealInfrastructure.jdbcUrl(), RealInfrastructure.bootstrapServers())) {
			ApiClient api = new ApiClient(stack.baseUrl());
			TestTenant tenant = TestTenant.create(stack.apps().get(0));
			JdbcClient jdbc = JdbcClient.create(RealInfrastructure.dataSource());

			List<Long> baseline = new ArrayList<>();
			List<Long> waited = new ArrayList<>();
			List<Long> committed = new ArrayList<>();
			for (int i = 0; i < WARM_UP + closes; i++) {
				long challenge = api
					.post("/challenges", tenant.admin(),
							Map.of("name", "bench " + i, "startdate", "2026-10-01", "enddate", "2026-10-31"))
					.json()
					.get("id")
					.asLong();

				long t0 = System.nanoTime();
				assertThat(api.get("/jobs?perPage=1", tenant.admin()).status()).isEqualTo(200);
				long get = System.nanoTime() - t0;

				long sent = System.currentTimeMillis();
				long t1 = System.nanoTime();
				ApiClient.Response answer = api.post("/challenges/close?id=" + challenge, tenant.admin(), null,
						Map.of("Prefer", "wait=30"));
				long roundTrip = System.nanoTime() - t1;
				assertThat(answer.status()).as(answer.text()).isEqualTo(200);
				long finishedAt = jdbc
					.sql("select (extract(epoch from finished_at) * 1000)::bigint from job where id = :id")
					.param("id", answer.json().get("jobid").asLong())
					.query(Long.class)
					.single();
				if (i >= WARM_UP) {
					baseline.add(get);
					waited.add(roundTrip);
					committed.add(Duration.ofMillis(finishedAt - sent).toNanos());
				}
			}
			report("trivial GET /jobs (baseline)", baseline, baseline);
			report("POST close, Prefer: wait, until the answer", waited, baseline);
			report("POST close until the job's end commits (finished_at)", committed, baseline);
			report.description(BenchmarkReport
				.format("`CloseLatencyBenchmark` starts the edge and the three workers in one JVM on the test infrastructure, "
						+ "then closes %d challenges one after another (after %d warm-up closes). The path of each close: "
						+ "`POST /challenges/close` → job row + outbox row in one transaction → Debezium relay → Kafka → "
						+ "close-worker (inbox, close, event, job end in one transaction) → `NOTIFY` → the waiting request "
						+ "answers. Baseline: an authenticated `GET /jobs?perPage=1` on the same edge, same run, "
						+ "interleaved with the closes.", closes, WARM_UP));
			String base = BenchmarkReport.format("p50 %.1f ms, p99 %.1f ms", percentile(baseline, 50),
					percentile(baseline, 99));
			report
				.row("`POST close` with `Prefer: wait` until the answer",
						BenchmarkReport.format("p50 %.1f ms, p99 %.1f ms", percentile(waited, 50),
								percentile(waited, 99)),
						base, BenchmarkReport.ratio(percentile(waited, 50), percentile(baseline, 50)) + " (p50)")
				.row("`POST close` until the job's end commits (`finished_at`)",
						BenchmarkReport.format("p50 %.1f ms, p99 %.1f ms", percentile(committed, 50),
								percentile(committed, 99)),
						base, BenchmarkReport.ratio(percentile(committed, 50), percentile(baseline, 50)) + " (p50)")
				.write();
		}
	}

	private static void report(String what, List<Long> nanos, List<Long> baseline) {
		double p50 = percentile(nanos, 50);
		double p99 = percentile(nanos, 99);
		System.out.println(String.format("BENCHMARK %-55s n=%d p50=%7.1f ms p99=%7.1f ms  (p50 = %.1fx baseline)", what,
				nanos.size(), p50, p99, p50 / percentile(baseline, 50)));
	}

	private static double percentile(List<Long> nanos, int p) {
		List<Long> sorted = nanos.stream().sorted().toList();
		int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, index)) / 1_000_000.0;
	}

}
