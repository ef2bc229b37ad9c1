package dev.podium.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.podium.closeworker.scoring.MetricQuery;
import dev.podium.closeworker.scoring.ResultsComputing;
import dev.podium.platform.testing.ApiClient;
import dev.podium.platform.testing.BenchmarkReport;
import dev.podium.platform.testing.TestTenant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compute of 1,000,000 participants over 10,000,000 activities
 * ({@code -Dpodium.participants}, {@code -Dpodium.activities}): the job's wall time, and
 * the scoring query's plan ({@code EXPLAIN (ANALYZE, BUFFERS)}, written to
 * {@code target/compute-plan.txt}), checked for sorts that spill to disk. Run with
 * {@code ./mvnw -pl local-stack -am verify -Dpodium.benchmarks -Dtest=ComputeBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DskipITs}.
 */
@Tag("benchmark")
class ComputeBenchmark extends StackTestSupport {

	static final String COMMAND = "./mvnw -pl local-stack -am verify -Dpodium.benchmarks -Dtest=ComputeBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DskipITs";

	@Test
	void computeOfAMillionParticipants() throws Exception {
		int participants = Integer.getInteger("podium.participants", 1_000_000);
		int activities = Integer.getInteger("podium.activities", 10_000_000);
		BenchmarkReport report = BenchmarkReport
			.start(50, "ComputeBenchmark", "Compute of a challenge's results over many activities, and its plan")
			.command(COMMAND)
			.size("podium.participants", participants)
			.size("podium.activities", activities);
		long setupStart = System.nanoTime();
		jdbc.sql("""
				insert into activity (organisation_id, id, occurred_at, user_id, kind, outcome, value)
				select :o, g::text, timestamptz '2026-10-01 00:00:00+00' + (g % 2678400) * interval '1 second',
				       g % :participants, 'observation', g % 3 = 0, 1
				from generate_series(1, :activities) g
				""")
			.param("o", this.tenant.organisationId())
			.param("participants", participants)
			.param("activities", activities)
			.update();
		jdbc.sql("vacuum analyze activity").update();
		Duration setup = Duration.ofNanos(System.nanoTime() - setupStart);
		Map<String, Object> fields = new HashMap<>(Map.of("name", "compute bench", "metric", 1, "scope", 2, "threshold",
				40, "startdate", "2026-10-01", "enddate", "2026-10-31", "rewardpoints", 1));
		long challenge = api.post("/challenges", this.tenant.admin(), fields).json().get("id").asLong();

		long start = System.nanoTime();
		ApiClient.Response computed = api.post("/challenges/compute?id=" + challenge, this.tenant.admin(), null,
				Map.of("Prefer", "wait=60"));
		long job = computed.json().get("jobid").asLong();
		String status = computed.json().get("status").asString();
		while ("queued".equals(status) || "running".equals(status)) {
			Thread.sleep(200);
			status = jdbc.sql("select status from job where id = :id").param("id", job).query(String.class).single();
		}
		Duration compute = Duration.ofNanos(System.nanoTime() - start);
		assertThat(status).isEqualTo("succeeded");
		long rows = jdbc.sql("select count(*) from challenge_result where challenge_id = :c")
			.param("c", challenge)
			.query(Long.class)
			.single();

		ResultsComputing computing = stack.apps().get(1).getBean(ResultsComputing.class);
		MetricQuery query = MetricQuery.of(computing.rules(this.tenant.organisationId(), challenge).orElseThrow());
		NamedParameterJdbcTemplate template = new NamedParameterJdbcTemplate(
				dev.podium.platform.testing.RealInfrastructure.dataSource());
		List<String> plan = new TransactionTemplate(
				new org.springframework.jdbc.datasource.DataSourceTransactionManager(
						template.getJdbcTemplate().getDataSource()))
			.execute((tx) -> {
				template.getJdbcTemplate().execute("set local work_mem = '256MB'");
				return template.queryForList("explain (analyze, buffers) select id, v, rank() over (order by v desc) "
						+ "from (" + query.sql() + ") q(id, v)", query.params(), String.class);
			});
		Path file = Path.of("target", "compute-plan.txt");
		Files.write(file, plan);
		boolean spills = plan.stream().anyMatch((line) -> line.contains("external") || line.contains("Disk:"));
		System.out.println(String.format("BENCHMARK setup: %d activities for %d participants inserted in %.1f s",
				activities, participants, setup.toMillis() / 1000.0));
		System.out.println(String.format(
				"BENCHMARK compute (metric 1, rate) of %d participants over %d activities: %.1f s, %d result rows; plan spills to disk: %s (%s)",
				participants, activities, compute.toMillis() / 1000.0, rows, spills, file.toAbsolutePath()));
		double explained = plan.stream()
			.filter((line) -> line.startsWith("Execution Time:"))
			.map((line) -> Double.parseDouble(line.replaceAll("[^0-9.]", "")))
			.findFirst()
			.orElse(0.0);
		report.description(BenchmarkReport
			.format("`ComputeBenchmark` inserts %,d activities of one organisation spread over October for %,d users "
					+ "(set-up, not measured), then runs `POST /challenges/compute` for a rate challenge (metric 1) "
					+ "through the whole pipeline (score, rank, replace the snapshot in one job), and writes the scoring "
					+ "query's `EXPLAIN (ANALYZE, BUFFERS)` to `local-stack/target/compute-plan.txt`. Baseline: that "
					+ "scoring and ranking query alone, same data, same run.", activities, participants))
			.row("set-up: insert the activities (not measured)",
					BenchmarkReport.format("%.1f s", setup.toMillis() / 1000.0))
			.row("compute job, `POST` → `succeeded`",
					BenchmarkReport.format("%.1f s, %,d result rows", compute.toMillis() / 1000.0, rows),
					BenchmarkReport.format("query alone: %.2f s", explained / 1000),
					BenchmarkReport.ratio(compute.toMillis(), explained))
			.row("sorts or hashes spilling to disk", spills ? "**yes**" : "none")
			.write();
	}

}
