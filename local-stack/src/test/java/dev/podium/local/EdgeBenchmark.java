package dev.podium.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import dev.podium.platform.testing.ApiClient;
import dev.podium.platform.testing.BenchmarkReport;
import dev.podium.platform.testing.RealInfrastructure;
import dev.podium.platform.testing.TestTenant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The edge's throughput: the maximum requests/s of {@code GET /jobs/{id}} and of
 * {@code POST /challenges/close} (each on a fresh small challenge prepared beforehand;
 * only the 202 answer is timed), as a ratio to a trivial endpoint of the same app
 * ({@code GET /actuator/info}), each found with closed-loop load from N concurrent
 * clients (virtual threads, {@code java.net.http}; the best of
 * {@code -Dpodium.edge.clients=8,32}); then the latency (p50/p99) of each at half its
 * maximum in an open loop (constant arrival rate, latency from the intended send time).
 * Each run lasts {@code -Dpodium.edge.seconds} (default 10) after a short warm-up. The
 * edge's rate limits are raised for the run. Run with
 * {@code ./mvnw -pl local-stack -am verify -Dpodium.benchmarks -Dtest=EdgeBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DskipITs}.
 */
@Tag("benchmark")
class EdgeBenchmark {

	static final String COMMAND = "./mvnw -pl local-stack -am verify -Dpodium.benchmarks -Dtest=EdgeBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DskipITs";

	private static final String RATE_PER_SECOND = "podium.edge.rate-limit.per-second";

	private static final String RATE_BURST = "podium.edge.rate-limit.burst";

	@Test
	void maxRequestsPerSecondAgainstATrivialEndpoint() throws Exception {
		int seconds = Integer.getInteger("podium.edge.seconds", 10);
		String clientsProperty = System.getProperty("podium.edge.clients", "8,32");
		int[] levels = Arrays.stream(clientsProperty.split(",")).mapToInt((c) -> Integer.parseInt(c.strip())).toArray();
		BenchmarkReport report = BenchmarkReport
			.start(10, "EdgeBenchmark",
					"The edge: max requests/s against a trivial endpoint, and latency at half of it")
			.command(COMMAND)
			.size("podium.edge.seconds", seconds)
			.size("podium.edge.clients", clientsProperty);
		// The edge reads its limits from these properties: raised for this JVM's stack.
		System.setProperty(RATE_PER_SECOND, "100000000");
		System.setProperty(RATE_BURST, "100000000");
		try (LocalStack stack = LocalStack.startApps(new LocalSettings(0, false, Path.of("unused"), 0, 0, 6, null),
				RealInfrastructure.jdbcUrl(), RealInfrastructure.bootstrapServers())) {
			System.clearProperty(RATE_PER_SECOND);
			System.clearProperty(RATE_BURST);
			String url = stack.baseUrl();
			TestTenant tenant = TestTenant.create(stack.apps().get(0));
			String admin = tenant.admin();
			JdbcClient jdbc = JdbcClient.create(RealInfrastructure.dataSource());
			HttpClient http = HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.connectTimeout(Duration.ofSeconds(5))
				.build();
			Duration warmUp = Duration.ofSeconds(Math.max(1, seconds / 5));
			Duration measured = Duration.ofSeconds(seconds);

			// A few real closes: their finished jobs are what GET /jobs/{id} reads.
			List<Long> prepared = prepareChallenges(jdbc, tenant.organisationId(), 50);
			ApiClient api = new ApiClient(url);
			List<Long> jobs = new ArrayList<>();
			for (long challenge : prepared) {
				ApiClient.Response closed = api.post("/challenges/close?id=" + challenge, admin, null,
						Map.of("Prefer", "wait=30"));
				assertThat(closed.status()).as(closed.text()).isEqualTo(200);
				jobs.add(closed.json().get("jobid").asLong());
			}
			AtomicInteger nextJob = new AtomicInteger();
			Supplier<HttpRequest> trivial = () -> get(url + "/actuator/info", admin);
			Supplier<HttpRequest> job = () -> get(url + "/jobs/" + jobs.get(nextJob.getAndIncrement() % jobs.size()),
					admin);

			Max trivialMax = max(http, levels, warmUp, measured, trivial, 200);
			Max jobMax = max(http, levels, warmUp, measured, job, 200);
			Run trivialHalf = openLoop(http, trivialMax.rps() / 2, measured, trivial, 200);
			Run jobHalf = openLoop(http, jobMax.rps() / 2, measured, job, 200);

			// Enough fresh challenges for every close the runs could send (none can go
			// faster than the trivial endpoint).
			int needed = (int) Math.min(2_000_000,
					trivialMax.rps() * (seconds + warmUp.toSeconds()) * (levels.length + 1) * 1.2 + 1_000);
			List<Long> fresh = prepareChallenges(jdbc, tenant.organisationId(), needed);
			AtomicInteger nextChallenge = new AtomicInteger();
			AtomicInteger exhausted = new AtomicInteger();
			Supplier<HttpRequest> close = () -> {
				int n = nextChallenge.getAndIncrement();
				if (n >= fresh.size()) {
					exhausted.incrementAndGet();
					return null;
				}
				return HttpRequest.newBuilder(URI.create(url + "/challenges/close?id=" + fresh.get(n)))
					.header("X-API-Token", admin)
					.timeout(Duration.ofSeconds(60))
					.POST(HttpRequest.BodyPublishers.noBody())
					.build();
			};
			Max closeMax = max(http, levels, warmUp, measured, close, 202);
			// The closes queued so far are worked off before the open loop.
			long drainStart = System.nanoTime();
			awaitNoJobsPending(jdbc, tenant.organisationId());
			double drained = (System.nanoTime() - drainStart) / 1e9;
			Run closeHalf = openLoop(http, closeMax.rps() / 2, measured, close, 202);

			for (Max m : List.of(trivialMax, jobMax, closeMax)) {
				System.out.println("BENCHMARK " + m);
			}
			for (Run r : List.of(trivialHalf, jobHalf, closeHalf)) {
				System.out.println("BENCHMARK open loop " + r);
			}
			report.description(BenchmarkReport
				.format("`EdgeBenchmark` starts the edge and the three workers in one JVM on the test infrastructure with "
						+ "the rate limits raised, then loads one endpoint at a time with N concurrent clients "
						+ "(closed loop: each sends its next request when the previous one answers; virtual threads, "
						+ "`java.net.http`, HTTP/1.1) for %d s after a %d s warm-up, at N = %s; the best is the max "
						+ "requests/s. `GET /jobs/{id}` reads %d finished close jobs in turn; `POST /challenges/close` "
						+ "closes a fresh challenge (3 winners, prepared beforehand) per request and only its 202 "
						+ "answer is timed (the close-workers work the closes off meanwhile, on the same cores). "
						+ "Baseline: `GET /actuator/info` of the same app. Then each endpoint in an open "
						+ "loop at half its max (constant arrival rate, latency from the intended send time, so a "
						+ "stall counts against every request it delays) for %d s.", seconds, warmUp.toSeconds(),
						clientsProperty, jobs.size(), seconds))
				.row("trivial: `GET /actuator/info`, max", trivialMax.describe())
				.row("`GET /jobs/{id}`, max", jobMax.describe(), trivialMax.describe(),
						BenchmarkReport.ratio(jobMax.rps(), trivialMax.rps()))
				.row("`POST /challenges/close` (202), max", closeMax.describe(), trivialMax.describe(),
						BenchmarkReport.ratio(closeMax.rps(), trivialMax.rps()))
				.row("trivial at half its max", trivialHalf.describe())
				.row("`GET /jobs/{id}` at half its max", jobHalf.describe(), trivialHalf.describe(),
						BenchmarkReport.ratio(jobHalf.p99(), trivialHalf.p99()) + " (p99)")
				.row("`POST /challenges/close` at half its max", closeHalf.describe(), trivialHalf.describe(),
						BenchmarkReport.ratio(closeHalf.p99(), trivialHalf.p99()) + " (p99)")
				.row("close jobs queued by the max runs, worked off after them in",
						BenchmarkReport.format("%.1f s", drained));
			if (exhausted.get() > 0) {
				report.note("The prepared challenges ran out during the close runs (" + exhausted.get()
						+ " requests not sent): the close figures are a lower bound.");
			}
			report.write();
			assertThat(trivialMax.others()).as("unexpected answers of the trivial endpoint").isZero();
		}
		finally {
			System.clearProperty(RATE_PER_SECOND);
			System.clearProperty(RATE_BURST);
		}
	}

	/** {@code count} open challenges of 3 winners each, rewarding 10 points. */
	static List<Long> prepareChallenges(JdbcClient jdbc, long organisation, int count) {
		List<Long> ids = jdbc.sql("""
				insert into challenge (organisation_id, name, metric, scope, threshold, start_date, end_date,
				                       reward_points)
				select :o, 'edge bench ' || g, 0, 2, 1, '2026-10-01', '2026-10-31', 10
				from generate_series(1, :n) g
				returning id
				""").param("o", organisation).param("n", count).query(Long.class).list();
		jdbc.sql("""
				insert into challenge_result (challenge_id, participant_type, participant_id, metric_value, met, rank,
				                              computed_at)
				select c, 2, w, 5, true, 1, now() from unnest(:ids::bigint[]) c, generate_series(1, 3) w
				""").param("ids", ids.toArray(Long[]::new)).update();
		return ids;
	}

	static void awaitNoJobsPending(JdbcClient jdbc, long organisation) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
		while (System.nanoTime() < deadline
				&& jdbc.sql("select count(*) from job where organisation_id = :o and status in ('queued', 'running')")
					.param("o", organisation)
					.query(Long.class)
					.single() > 0) {
			Thread.sleep(500);
		}
	}

	private static HttpRequest get(String url, String token) {
		return HttpRequest.newBuilder(URI.create(url))
			.header("X-API-Token", token)
			.timeout(Duration.ofSeconds(60))
			.GET()
			.build();
	}

	/** The best closed-loop requests/s over the given numbers of clients. */
	private static Max max(HttpClient http, int[] levels, Duration warmUp, Duration measured,
			Supplier<HttpRequest> requests, int expected) throws InterruptedException {
		Max best = null;
		for (int clients : levels) {
			Run run = closedLoop(http, clients, warmUp, measured, requests, expected);
			System.out.println("BENCHMARK closed loop, " + clients + " clients: " + run);
			if (best == null || run.rps() > best.rps()) {
				best = new Max(clients, run);
			}
		}
		return best;
	}

	private static Run closedLoop(HttpClient http, int clients, Duration warmUp, Duration measured,
			Supplier<HttpRequest> requests, int expected) throws InterruptedException {
		long start = System.nanoTime();
		long from = start + warmUp.toNanos();
		long until = from + measured.toNanos();
		ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
		AtomicLong others = new AtomicLong();
		Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int c = 0; c < clients; c++) {
				threads.execute(() -> {
					while (System.nanoTime() < until) {
						HttpRequest request = requests.get();
						if (request == null) {
							return;
						}
						long t0 = System.nanoTime();
						int status = send(http, request);
						long t1 = System.nanoTime();
						if (t0 >= from && t1 <= until) {
							latencies.add(t1 - t0);
							if (status != expected) {
								others.incrementAndGet();
								statuses.merge(status, 1, Integer::sum);
							}
						}
					}
				});
			}
		}
		return new Run(latencies.size() / (measured.toNanos() / 1e9), sorted(latencies), others.get(), statuses);
	}

	/**
	 * Sends {@code rate} requests a second for {@code measured}, each at its own intended
	 * time, whatever the answers before it; latency counts from that time.
	 */
	private static Run openLoop(HttpClient http, double rate, Duration measured, Supplier<HttpRequest> requests,
			int expected) throws InterruptedException {
		long total = Math.max(1, (long) (rate * measured.toNanos() / 1e9));
		long interval = (long) (1e9 / Math.max(rate, 0.001));
		ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
		AtomicLong others = new AtomicLong();
		Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
		long start = System.nanoTime();
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			for (long i = 0; i < total; i++) {
				long intended = start + i * interval;
				long wait = intended - System.nanoTime();
				if (wait > 0) {
					TimeUnit.NANOSECONDS.sleep(wait);
				}
				HttpRequest request = requests.get();
				if (request == null) {
					break;
				}
				threads.execute(() -> {
					int status = send(http, request);
					latencies.add(System.nanoTime() - intended);
					if (status != expected) {
						others.incrementAndGet();
						statuses.merge(status, 1, Integer::sum);
					}
				});
			}
		}
		return new Run(rate, sorted(latencies), others.get(), statuses);
	}

	private static int send(HttpClient http, HttpRequest request) {
		try {
			return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -2;
		}
	}

	private static long[] sorted(ConcurrentLinkedQueue<Long> latencies) {
		long[] values = latencies.stream().mapToLong(Long::longValue).toArray();
		Arrays.sort(values);
		return values;
	}

	static double percentile(long[] sorted, double p) {
		if (sorted.length == 0) {
			return 0;
		}
		int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
	}

	/** Requests/s and latencies (sorted, in nanoseconds) of one run. */
	record Run(double rps, long[] latencies, long others, Map<Integer, Integer> statuses) {

		double p50() {
			return percentile(this.latencies, 50);
		}

		double p99() {
			return percentile(this.latencies, 99);
		}

		String describe() {
			return BenchmarkReport.format("%,.0f requests/s: p50 %.1f ms, p99 %.1f ms%s", this.rps, p50(), p99(),
					(this.others > 0) ? ", other answers " + this.statuses : "");
		}

		@Override
		public String toString() {
			return describe() + BenchmarkReport.format(" (%d answers)", this.latencies.length);
		}

	}

	/** The best closed-loop run and its number of clients. */
	record Max(int clients, Run run) {

		double rps() {
			return this.run.rps();
		}

		long others() {
			return this.run.others();
		}

		String describe() {
			return BenchmarkReport.format("%,.0f requests/s (%d clients; p50 %.1f ms)%s", rps(), this.clients,
					this.run.p50(), (this.run.others() > 0) ? ", other answers " + this.run.statuses() : "");
		}

	}

}
