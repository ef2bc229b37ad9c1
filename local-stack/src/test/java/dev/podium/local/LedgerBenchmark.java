package dev.podium.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import dev.podium.platform.security.ApiTokens;
import dev.podium.platform.security.Role;
import dev.podium.platform.testing.ApiClient;
import dev.podium.platform.testing.BenchmarkReport;
import dev.podium.platform.testing.RealInfrastructure;
import dev.podium.platform.testing.TestTenant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The points ledger under load, each figure next to a trivial authenticated
 * {@code GET /jobs?perPage=1} measured in the same run:
 * <ul>
 * <li>{@link #redeemsOnOneHotAccount()}: 32 HTTP clients (a token each, so the per-token
 * rate limit stays out of the way) redeem 1 point at a time from one participant until
 * {@code podium.redeems} attempts (default 20,000) have been made against a balance of
 * half as many: throughput, latency, and the exact end balance.</li>
 * <li>{@link #listingOverTenMillionRows()}: {@code podium.ledger.rows} rows (default
 * 10,000,000) of one organisation over {@code podium.ledger.participants} participants
 * (default 100,000), then the latency of {@code GET /challenges/points} for one
 * participant, one challenge, and the whole organisation (page 1 with totals over every
 * row); the plans go to {@code target/ledger-plans.txt}.</li>
 * </ul>
 * Run with
 * {@code ./mvnw -pl local-stack -am verify -Dpodium.benchmarks -Dtest=LedgerBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DskipITs}.
 */
@Tag("benchmark")
class LedgerBenchmark {

	private static final int CLIENTS = 32;

	static final String COMMAND = "./mvnw -pl local-stack -am verify -Dpodium.benchmarks -Dsurefire.failIfNoSpecifiedTests=false -DskipITs";

	@Test
	void redeemsOnOneHotAccount() throws Exception {
		int attempts = Integer.getInteger("podium.redeems", 20_000);
		long balance = attempts / 2;
		BenchmarkReport report = BenchmarkReport
			.start(70, "LedgerBenchmark-hot-account", "Points ledger: redeems on one hot account")
			.command(COMMAND + " -Dtest='LedgerBenchmark#redeemsOnOneHotAccount'")
			.size("podium.redeems", attempts);
		LocalStack stack = SharedStack.get();
		TestTenant tenant = TestTenant.create(stack.apps().get(0));
		ApiTokens tokens = stack.apps().get(0).getBean(ApiTokens.class);
		List<String> admins = new ArrayList<>();
		for (int i = 0; i < CLIENTS; i++) {
			admins.add(tokens.issue(tenant.organisationId(), Role.ADMIN, null, null, "bench"));
		}
		JdbcClient jdbc = JdbcClient.create(RealInfrastructure.dataSource());
		jdbc.sql("""
				insert into ledger (organisation_id, participant_type, participant_id, points, reason, notes)
				values (:o, 2, 1, :points, 3, 'bench')
				""").param("o", tenant.organisationId()).param("points", balance).update();
		String url = stack.baseUrl();

		// Warm-up, then the baseline and the redeems, each with the same 32 clients.
		run(url, admins, 2_000, (client) -> "GET");
		Result baseline = run(url, admins, attempts, (client) -> "GET");
		Result redeems = run(url, admins, attempts, (client) -> "POST");
		long end = jdbc.sql("""
				select coalesce(sum(points), 0) from ledger
				where organisation_id = :o and participant_type = 2 and participant_id = 1
				""").param("o", tenant.organisationId()).query(Long.class).single();
		long rows = jdbc.sql("select count(*) from ledger where organisation_id = :o and reason = 1")
			.param("o", tenant.organisationId())
			.query(Long.class)
			.single();
		int accepted = redeems.statuses().getOrDefault(201, 0);
		int refused = redeems.statuses().getOrDefault(409, 0);

		System.out.println(String.format("BENCHMARK hot account: %d redeems of 1 point against %d, %d clients",
				attempts, balance, CLIENTS));
		report("trivial GET /jobs?perPage=1 (baseline)", baseline, baseline);
		report("POST /challenges/points/spend, one participant", redeems, baseline);
		System.out.println(String.format("BENCHMARK   %d succeeded, %d refused (409), other %s; end balance %d",
				accepted, refused, redeems.others(), end));
		report.description(BenchmarkReport.format(
				"%d HTTP clients, each with its own admin token, send `POST /challenges/points/spend` redeems of 1 point "
						+ "for one participant until %,d attempts were made against a balance of %,d. Baseline: the same "
						+ "clients on `GET /jobs?perPage=1`, same run. Exactly `floor(balance / amount)` redeems must "
						+ "succeed, every other one is a 409, the end balance is 0 (asserted).",
				CLIENTS, attempts, balance))
			.row("redeems on one participant (201 or 409)",
					BenchmarkReport.format("%,.0f ops/s, p50 %.1f ms, p99 %.1f ms", redeems.rate(),
							percentile(redeems.latencies(), 50), percentile(redeems.latencies(), 99)),
					BenchmarkReport.format("%,.0f ops/s, p50 %.1f ms", baseline.rate(),
							percentile(baseline.latencies(), 50)),
					BenchmarkReport.ratio(redeems.rate(), baseline.rate()))
			.row("outcome",
					BenchmarkReport.format("%,d × 201, %,d × 409, other %s, end balance %d", accepted, refused,
							redeems.others(), end))
			.write();
		assertThat(accepted).isEqualTo((int) balance);
		assertThat(refused).isEqualTo(attempts - (int) balance);
		assertThat(end).isZero();
		assertThat(rows).isEqualTo(balance);
	}

	@Test
	void listingOverTenMillionRows() throws Exception {
		int total = Integer.getInteger("podium.ledger.rows", 10_000_000);
		int participants = Integer.getInteger("podium.ledger.participants", 100_000);
		int perParticipant = total / participants;
		BenchmarkReport report = BenchmarkReport
			.start(71, "LedgerBenchmark-listing", "Points ledger: listing over many rows")
			.command(COMMAND + " -Dtest='LedgerBenchmark#listingOverTenMillionRows'")
			.size("podium.ledger.rows", total)
			.size("podium.ledger.participants", participants);
		LocalStack stack = SharedStack.get();
		TestTenant tenant = TestTenant.create(stack.apps().get(0));
		JdbcClient jdbc = JdbcClient.create(RealInfrastructure.dataSource());
		long organisation = tenant.organisationId();
		long firstChallenge = 1_000_000_000L + organisation * 1_000;
		long setUp = System.nanoTime();
		// Per participant: earned rows from (perParticipant - 10) challenges, then 10
		// redeems; spread over a year.
		jdbc.sql("""
				insert into ledger (organisation_id, created_at, challenge_id, participant_type, participant_id, points,
				                    reason, notes)
				select :o, now() - make_interval(secs => (:total - g) * 3.0),
				       case when k < :earned then :first + k end, 2, p,
				       case when k < :earned then 10 else -5 end, case when k < :earned then 0 else 1 end,
				       case when k < :earned then 'bench challenge' else '' end
				from generate_series(0, :total - 1) g,
				     lateral (select g % :participants + 1 as p, g / :participants as k) x
				""")
			.param("o", organisation)
			.param("total", total)
			.param("participants", participants)
			.param("earned", perParticipant - 10)
			.param("first", firstChallenge)
			.update();
		jdbc.sql("""
				insert into participant (organisation_id, participant_type, participant_id, name)
				select :o, 2, g, 'user ' || g from generate_series(1, :participants) g
				""").param("o", organisation).param("participants", participants).update();
		jdbc.sql("vacuum analyze ledger").update();
		jdbc.sql("vacuum analyze participant").update();
		double setUpSeconds = (System.nanoTime() - setUp) / 1e9;

		ApiClient api = new ApiClient(stack.baseUrl());
		String viewer = tenant.viewer();
		for (int i = 0; i < 50; i++) {
			api.get("/jobs?perPage=1", viewer);
			api.get("/challenges/points?participanttype=2&participantid=" + (1 + i), viewer);
		}
		List<Long> baseline = new ArrayList<>();
		List<Long> participant = new ArrayList<>();
		List<Long> challenge = new ArrayList<>();
		List<Long> organisationWide = new ArrayList<>();
		int samples = 200;
		for (int i = 0; i < samples; i++) {
			baseline.add(time(api, "/jobs?perPage=1", viewer));
			participant.add(time(api, "/challenges/points?participanttype=2&participantid="
					+ ThreadLocalRandom.current().nextInt(1, participants + 1), viewer));
			challenge.add(
					time(api,
							"/challenges/points?challengeid="
									+ (firstChallenge + ThreadLocalRandom.current().nextInt(perParticipant - 10)),
							viewer));
		}
		for (int i = 0; i < 20; i++) {
			organisationWide.add(time(api, "/challenges/points", viewer));
		}
		String check = api.get("/challenges/points", viewer).text();
		assertThat(check).contains("\"totalrows\":" + total);

		List<String> plans = new ArrayList<>();
		explain(jdbc, plans, "one participant",
				"select count(*), coalesce(sum(l.points), 0) from ledger l where l.organisation_id = %d and l.participant_type = 2 and l.participant_id = 4242"
					.formatted(organisation));
		explain(jdbc, plans, "one challenge",
				"select count(*), coalesce(sum(l.points), 0) from ledger l where l.organisation_id = %d and l.challenge_id = %d"
					.formatted(organisation, firstChallenge + 7));
		explain(jdbc, plans, "one challenge, page 1",
				"select l.id from ledger l where l.organisation_id = %d and l.challenge_id = %d order by l.id desc limit 50"
					.formatted(organisation, firstChallenge + 7));
		explain(jdbc, plans, "whole organisation",
				"select count(*), coalesce(sum(l.points), 0) from ledger l where l.organisation_id = %d"
					.formatted(organisation));
		explain(jdbc, plans, "whole organisation, page 1",
				"select l.id from ledger l where l.organisation_id = %d order by l.id desc limit 50"
					.formatted(organisation));
		Files.write(Path.of("target", "ledger-plans.txt"), plans);

		System.out.println(String.format(
				"BENCHMARK ledger listing over %d rows of one organisation, %d participants (set-up %.0f s, not measured)",
				total, participants, setUpSeconds));
		reportLatency("trivial GET /jobs?perPage=1 (baseline)", baseline, baseline);
		reportLatency("GET /challenges/points, one participant", participant, baseline);
		reportLatency("GET /challenges/points, one challenge", challenge, baseline);
		reportLatency("GET /challenges/points, whole organisation, page 1", organisationWide, baseline);
		report.description(BenchmarkReport
			.format("%,d ledger rows of one organisation over %,d participants (per participant: %d earned rows from as many "
					+ "challenges, 10 redeems; spread over a year), inserted set-based (set-up %.0f s, not measured), "
					+ "then `VACUUM ANALYZE`. Each request answers a page of 50 rows plus `totalrows` and `totalpoints` "
					+ "over the whole filter. Baseline: `GET /jobs?perPage=1`, interleaved, same run. The plans go to "
					+ "`local-stack/target/ledger-plans.txt`.", total, participants, perParticipant - 10,
					setUpSeconds));
		String base = BenchmarkReport.format("p50 %.1f ms, p99 %.1f ms", percentile(baseline, 50),
				percentile(baseline, 99));
		latencyRow(report, BenchmarkReport.format("one participant (%d rows; %d requests)", perParticipant, samples),
				participant, baseline, base);
		latencyRow(report, BenchmarkReport.format("one challenge (%,d rows; %d requests)", participants, samples),
				challenge, baseline, base);
		latencyRow(report, BenchmarkReport.format("whole organisation, page 1 (%,d rows; 20 requests)", total),
				organisationWide, baseline, base);
		report.write();
	}

	/** Each client sends its share of {@code attempts} requests, one after another. */
	private Result run(String url, List<String> tokens, int attempts, IntFunction<String> method) throws Exception {
		List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
		Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
		AtomicInteger left = new AtomicInteger(attempts);
		Map<String, Object> redeem = Map.of("participanttype", 2, "participantid", 1, "points", 1, "reason", 1);
		long start = System.nanoTime();
		try (ExecutorService clients = Executors.newFixedThreadPool(tokens.size())) {
			List<CompletableFuture<Void>> all = new ArrayList<>();
			for (int c = 0; c < tokens.size(); c++) {
				String token = tokens.get(c);
				String verb = method.apply(c);
				ApiClient api = new ApiClient(url);
				all.add(CompletableFuture.runAsync(() -> {
					while (left.getAndDecrement() > 0) {
						long t0 = System.nanoTime();
						ApiClient.Response answer = "GET".equals(verb) ? api.get("/jobs?perPage=1", token)
								: api.post("/challenges/points/spend", token, redeem);
						latencies.add(System.nanoTime() - t0);
						statuses.merge(answer.status(), 1, Integer::sum);
					}
				}, clients));
			}
			CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
		}
		return new Result(attempts, System.nanoTime() - start, latencies, statuses);
	}

	private static long time(ApiClient api, String path, String token) {
		long t0 = System.nanoTime();
		ApiClient.Response answer = api.get(path, token);
		long elapsed = System.nanoTime() - t0;
		assertThat(answer.status()).as(answer.text()).isEqualTo(200);
		return elapsed;
	}

	private static void explain(JdbcClient jdbc, List<String> plans, String what, String query) {
		plans.add("== " + what + ": " + query);
		jdbc.sql("explain (analyze, buffers) " + query).query(String.class).list().forEach(plans::add);
		plans.add("");
	}

	private static void report(String what, Result result, Result baseline) {
		double opsPerSecond = result.attempts() / (result.nanos() / 1e9);
		double baselineOps = baseline.attempts() / (baseline.nanos() / 1e9);
		System.out.println(
				String.format("BENCHMARK %-50s %8.0f ops/s (%.2fx baseline)  p50=%6.1f ms p99=%6.1f ms  statuses %s",
						what, opsPerSecond, opsPerSecond / baselineOps, percentile(result.latencies(), 50),
						percentile(result.latencies(), 99), result.statuses()));
	}

	private static void latencyRow(BenchmarkReport report, String what, List<Long> nanos, List<Long> baseline,
			String base) {
		report.row(what,
				BenchmarkReport.format("p50 %.1f ms, p99 %.1f ms", percentile(nanos, 50), percentile(nanos, 99)), base,
				BenchmarkReport.ratio(percentile(nanos, 50), percentile(baseline, 50)) + " (p50)");
	}

	private static void reportLatency(String what, List<Long> nanos, List<Long> baseline) {
		double p50 = percentile(nanos, 50);
		System.out.println(String.format("BENCHMARK %-55s n=%d p50=%8.1f ms p99=%8.1f ms  (p50 = %.1fx baseline)", what,
				nanos.size(), p50, percentile(nanos, 99), p50 / percentile(baseline, 50)));
	}

	private static double percentile(List<Long> nanos, int p) {
		List<Long> sorted = nanos.stream().sorted().toList();
		int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, index)) / 1_000_000.0;
	}

	private record Result(int attempts, long nanos, List<Long> latencies, Map<Integer, Integer> statuses) {

		double rate() {
			return this.attempts / (this.nanos / 1e9);
		}

		String others() {
			Map<Integer, Integer> rest = new HashMap<>(this.statuses);
			rest.remove(201);
			rest.remove(409);
			rest.remove(200);
			return rest.toString();
		}

	}

}
