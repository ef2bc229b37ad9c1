package dev.podium.local;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.podium.contracts.Topics;
import dev.podium.platform.results.PayoutBands;
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
 * A banded close (payout bands and a cap, ties in every rank) of many winners (default
 * 1,000,000; {@code -Dpodium.winners=N}) against the plain close of the same size in the
 * same run, both through the whole pipeline ({@code POST close} → job succeeded); the
 * relay drains the first close's events before the second starts. The previews of both
 * are timed too, and the banded ledger statement's plan is written to
 * {@code local-stack/target/banded-close-plan.txt}. Run with
 * {@code ./mvnw -pl local-stack -am verify -Dpodium.benchmarks -Dtest=BandedCloseBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DskipITs}.
 */
@Tag("benchmark")
class BandedCloseBenchmark {

	static final String COMMAND = "./mvnw -pl local-stack -am verify -Dpodium.benchmarks -Dtest=BandedCloseBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DskipITs";

	private static final List<Map<String, Object>> BANDS = List.of(Map.of("fromrank", 1, "torank", 1, "points", 500),
			Map.of("fromrank", 2, "torank", 3, "points", 250), Map.of("fromrank", 4, "torank", 10, "points", 100),
			Map.of("fromrank", 11, "torank", 1000, "points", 20),
			Map.of("fromrank", 1001, "torank", 100000, "points", 5));

	private final LocalStack stack = SharedStack.get();

	private final ApiClient api = new ApiClient(this.stack.baseUrl());

	private final JdbcClient jdbc = JdbcClient.create(RealInfrastructure.dataSource());

	@Test
	void bandedCloseAgainstThePlainCloseOfTheSameSize() throws Exception {
		int winners = Integer.getInteger("podium.winners", 1_000_000);
		BenchmarkReport report = BenchmarkReport
			.start(41, "BandedCloseBenchmark", "Banded close with a cap against the plain close of the same size")
			.command(COMMAND)
			.size("podium.winners", winners);
		TestTenant tenant = TestTenant.create(this.stack.apps().get(0));
		Map<String, Object> fields = Map.of("name", "bench", "threshold", 1, "startdate", "2026-10-01", "enddate",
				"2026-10-31", "rewardpoints", 10);
		long plain = this.api.post("/challenges", tenant.admin(), fields).json().get("id").asLong();
		long banded = this.api.post("/challenges", tenant.admin(), fields).json().get("id").asLong();
		long plainAgain = this.api.post("/challenges", tenant.admin(), fields).json().get("id").asLong();
		assertThat(this.api
			.send("PUT", "/challenges?id=" + banded, tenant.admin(),
					Map.of("payoutbands", BANDS, "maxwinners", winners), Map.of())
			.status()).isEqualTo(200);
		// Plain, banded, plain again: a later close runs on tables the earlier ones grew,
		// so the banded one is set against the mean of the plain closes around it. Pairs
		// tied on every rank (1, 1, 3, 3, …): ties at every band edge; the cap equals the
		// winners, so its cutoff query runs and cuts no one.
		for (long challenge : List.of(plain, banded, plainAgain)) {
			this.jdbc
				.sql("""
						insert into challenge_result (challenge_id, participant_type, participant_id, metric_value, met, rank,
						                              computed_at)
						select :c, 2, g, 5, true, ((g - 1) / 2) * 2 + 1, now() from generate_series(1, :n) g
						""")
				.param("c", challenge)
				.param("n", winners)
				.update();
		}
		this.jdbc.sql("vacuum analyze challenge_result").update();
		String plan = String.join("\n",
				this.jdbc.sql("""
						explain (analyze, buffers)
						select r.participant_type, r.participant_id, %s
						from challenge_result r
						where r.challenge_id = :c and r.met and r.rank < 9223372036854775807 and %s > 0
						""".formatted(PayoutBands.POINTS, PayoutBands.POINTS))
					.param("c", banded)
					.param("fromRanks", BANDS.stream().map((b) -> b.get("fromrank")).toArray(Integer[]::new))
					.param("toRanks", BANDS.stream().map((b) -> b.get("torank")).toArray(Integer[]::new))
					.param("bandPoints",
							BANDS.stream().map((b) -> ((Integer) b.get("points")).longValue()).toArray(Long[]::new))
					.param("points", 10)
					.query(String.class)
					.list());
		java.nio.file.Files.writeString(java.nio.file.Path.of("target", "banded-close-plan.txt"), plan);

		Duration plainPreview = job(tenant, "/challenges/preview?id=" + plain);
		Duration bandedPreview = job(tenant, "/challenges/preview?id=" + banded);
		long eventsBefore = TestMessages.endOffset(Topics.PARTICIPANT_EVENTS);
		Duration firstPlainClose = job(tenant, "/challenges/close?id=" + plain);
		drained(eventsBefore + winners);
		Duration bandedClose = job(tenant, "/challenges/close?id=" + banded);
		drained(eventsBefore + 2L * winners);
		Duration secondPlainClose = job(tenant, "/challenges/close?id=" + plainAgain);
		Duration plainClose = firstPlainClose.plus(secondPlainClose).dividedBy(2);

		long expected = 0;
		for (long g = 1; g <= winners; g++) {
			long rank = ((g - 1) / 2) * 2 + 1;
			expected += BANDS.stream()
				.filter((b) -> rank >= (int) b.get("fromrank") && rank <= (int) b.get("torank"))
				.mapToLong((b) -> (int) b.get("points"))
				.findFirst()
				.orElse(10);
		}
		assertThat(this.jdbc.sql("select sum(points) from ledger where challenge_id = :c")
			.param("c", banded)
			.query(Long.class)
			.single()).isEqualTo(expected);
		System.out.println(String.format(
				"BENCHMARK close of %d winners: plain %.1f s and %.1f s (mean %.1f s), banded with a cap %.1f s (%.2f x the mean); preview plain %.2f s, banded %.2f s",
				winners, firstPlainClose.toMillis() / 1000.0, secondPlainClose.toMillis() / 1000.0,
				plainClose.toMillis() / 1000.0, bandedClose.toMillis() / 1000.0,
				(double) bandedClose.toMillis() / plainClose.toMillis(), plainPreview.toMillis() / 1000.0,
				bandedPreview.toMillis() / 1000.0));
		report
			.description(BenchmarkReport
				.format("`BandedCloseBenchmark` puts %,d winners, tied in pairs on every rank, in the snapshots of two "
						+ "challenges: a plain one (10 points each) and a banded one (bands 1, 2–3, 4–10, 11–1,000, "
						+ "1,001–100,000, 10 points beyond, and a cap equal to the winners, so the cutoff query runs). "
						+ "It previews both, then closes through the whole pipeline (`POST close` → job succeeded) the "
						+ "plain one, the banded one and a second plain one of the same size, each after the relay has "
						+ "put the previous close's events on Kafka; the baseline is the mean of the two plain closes. "
						+ "The band assignment's plan is in `local-stack/target/banded-close-plan.txt`.", winners))
			.row("close, `POST` → job succeeded",
					BenchmarkReport.format("banded: %.1f s", bandedClose.toMillis() / 1000.0),
					BenchmarkReport.format("plain: %.1f s and %.1f s, mean %.1f s", firstPlainClose.toMillis() / 1000.0,
							secondPlainClose.toMillis() / 1000.0, plainClose.toMillis() / 1000.0),
					BenchmarkReport.ratio(bandedClose.toMillis(), plainClose.toMillis()))
			.row("preview, `POST` → job succeeded",
					BenchmarkReport.format("banded: %.2f s", bandedPreview.toMillis() / 1000.0),
					BenchmarkReport.format("plain: %.2f s", plainPreview.toMillis() / 1000.0),
					BenchmarkReport.ratio(bandedPreview.toMillis(), plainPreview.toMillis()))
			.write();
	}

	/** Waits until the participant events topic reaches an end offset. */
	private static void drained(long endOffset) throws InterruptedException {
		while (TestMessages.endOffset(Topics.PARTICIPANT_EVENTS) < endOffset) {
			Thread.sleep(500);
		}
	}

	/** Runs a job route and waits for the job's end (polling its row): its wall time. */
	private Duration job(TestTenant tenant, String path) throws InterruptedException {
		long start = System.nanoTime();
		long job = this.api.post(path, tenant.admin(), null).json().get("jobid").asLong();
		String status;
		do {
			Thread.sleep(100);
			status = this.jdbc.sql("select status from job where id = :id")
				.param("id", job)
				.query(String.class)
				.single();
		}
		while ("queued".equals(status) || "running".equals(status));
		assertThat(status).isEqualTo("succeeded");
		return Duration.ofNanos(System.nanoTime() - start);
	}

}
