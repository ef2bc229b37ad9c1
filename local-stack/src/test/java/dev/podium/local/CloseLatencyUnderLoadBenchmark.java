package dev.podium.local;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.podium.contracts.MessageTypes;
import dev.podium.contracts.Topics;
import dev.podium.platform.testing.ApiClient;
import dev.podium.platform.testing.BenchmarkReport;
import dev.podium.platform.testing.RealInfrastructure;
import dev.podium.platform.testing.TestMessages;
import dev.podium.platform.testing.TestTenant;
import dev.podium.platform.testing.WebhookReceiver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Small closes (3 winners each) submitted at 20/s for {@code -Dpodium.underload.seconds}
 * (default 30): command → job succeeded (the client's {@code POST} to the job row's
 * {@code finished_at}), p50/p99, first with nothing else running (the baseline), then
 * while a close of {@code -Dpodium.winners} winners (default 1,000,000, with a badge: two
 * events per winner) runs, then again from its commit on, while the relay publishes its
 * events; and an unrelated organisation's badge grants at 10/s, grant → its webhook
 * received, alone and from the large close's commit on. Run with
 * {@code ./mvnw -pl local-stack -am verify -Dpodium.benchmarks -Dtest=CloseLatencyUnderLoadBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DskipITs}.
 */
@Tag("benchmark")
class CloseLatencyUnderLoadBenchmark {

	static final String COMMAND = "./mvnw -pl local-stack -am verify -Dpodium.benchmarks -Dtest=CloseLatencyUnderLoadBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DskipITs";

	private static final int RATE = 20;

	@Test
	void smallClosesWhileALargeCloseRuns() throws Exception {
		int seconds = Integer.getInteger("podium.underload.seconds", 30);
		int winners = Integer.getInteger("podium.winners", 1_000_000);
		BenchmarkReport report = BenchmarkReport
			.start(30, "CloseLatencyUnderLoadBenchmark", "Small closes while a large close runs")
			.command(COMMAND)
			.size("podium.underload.seconds", seconds)
			.size("podium.winners", winners);
		LocalStack stack = SharedStack.get();
		ApiClient api = new ApiClient(stack.baseUrl());
		TestTenant tenant = TestTenant.create(stack.apps().get(0));
		JdbcClient jdbc = JdbcClient.create(RealInfrastructure.dataSource());
		int perPhase = RATE * seconds;
		List<Long> alone = EdgeBenchmark.prepareChallenges(jdbc, tenant.organisationId(), perPhase);
		List<Long> loaded = EdgeBenchmark.prepareChallenges(jdbc, tenant.organisationId(), perPhase);

		// The large close: its own organisation, its winners in the snapshot.
		TestTenant large = TestTenant.create(stack.apps().get(0));
		long big = EdgeBenchmark.prepareChallenges(jdbc, large.organisationId(), 1).get(0);
		jdbc.sql("""
				insert into challenge_result (challenge_id, participant_type, participant_id, metric_value, met, rank,
				                              computed_at)
				select :c, 2, g, 5, true, 1, now() from generate_series(4, :n) g
				""").param("c", big).param("n", winners).update();
		jdbc.sql("""
				with b as (insert into badge (organisation_id, name) values (:o, 'large') returning id)
				update challenge set reward_badge_id = (select id from b) where id = :c
				""").param("o", large.organisationId()).param("c", big).update();
		List<Long> after = EdgeBenchmark.prepareChallenges(jdbc, tenant.organisationId(), perPhase);
		jdbc.sql("vacuum analyze challenge_result").update();
		// Warm-up: a few closes through the whole path. After the set-up on purpose: the
		// relay
		// decodes all of the set-up's WAL (the million result rows) before it reaches the
		// first
		// close's command, so a baseline started before that would measure the set-up.
		for (long challenge : EdgeBenchmark.prepareChallenges(jdbc, tenant.organisationId(), 20)) {
			api.post("/challenges/close?id=" + challenge, tenant.admin(), null, Map.of("Prefer", "wait=120"));
		}

		// The unrelated organisation: a webhook subscription for its badge grants.
		TestTenant unrelated = TestTenant.create(stack.apps().get(0));
		long badge = api.post("/badges", unrelated.admin(), Map.of("name", "unrelated")).json().get("id").asLong();
		try (WebhookReceiver receiver = WebhookReceiver.start()) {
			receiver.on("/unrelated", (n) -> WebhookReceiver.Reply.status(204));
			ApiClient.Response subscribed = api.post("/webhooks", unrelated.admin(),
					Map.of("url", receiver.url("/unrelated"), "events", List.of(MessageTypes.BADGE_GRANTED)));
			assertThat(subscribed.status()).as(subscribed.text()).isEqualTo(201);
			Grants grants = new Grants(api, unrelated.admin(), badge, receiver, jdbc,
					subscribed.json().get("id").asLong());

			Phase baseline = submit(api, tenant.admin(), alone, jdbc);
			Delays grantsAlone = grants.send(seconds);

			long eventsBefore = TestMessages.endOffset(Topics.PARTICIPANT_EVENTS);
			long bigSent = System.currentTimeMillis();
			long bigJob = api.post("/challenges/close?id=" + big, large.admin(), null).json().get("jobid").asLong();
			// Start the small closes once the large one is being worked on.
			while (jdbc.sql("select started_at is null from job where id = :id")
				.param("id", bigJob)
				.query(Boolean.class)
				.single()) {
				Thread.sleep(20);
			}
			Phase underLoad = submit(api, tenant.admin(), loaded, jdbc);
			// Then once it has committed: what is committed now waits, if at all, behind
			// its 2N events in the relay.
			while (jdbc.sql("select finished_at is null from job where id = :id")
				.param("id", bigJob)
				.query(Boolean.class)
				.single()) {
				Thread.sleep(20);
			}
			long committed = System.currentTimeMillis();
			Drain drain = Drain.watch(eventsBefore + 2L * winners);
			Lag lag = Lag.watch("notification-worker-webhooks", Topics.PARTICIPANT_EVENTS);
			Delays grantsAfter;
			Phase afterCommit;
			try (ExecutorService both = Executors.newFixedThreadPool(2)) {
				var grantsRun = both.submit(() -> grants.send(seconds));
				afterCommit = submit(api, tenant.admin(), after, jdbc);
				grantsAfter = grantsRun.get();
			}
			long drained = drain.await();
			String webhookLag = lag.stop();
			Map<String, Object> bigRow = jdbc.sql("""
					select status, (extract(epoch from started_at) * 1000)::bigint as started,
					       (extract(epoch from finished_at) * 1000)::bigint as finished
					from job where id = :id
					""").param("id", bigJob).query().singleRow();
			assertThat(bigRow.get("status")).isEqualTo("succeeded");
			long bigStarted = ((Number) bigRow.get("started")).longValue();
			long bigFinished = ((Number) bigRow.get("finished")).longValue();
			double overlap = Math.max(0, Math.min(bigFinished, underLoad.lastSent()) - underLoad.firstSent())
					/ (double) Math.max(1, underLoad.lastSent() - underLoad.firstSent());
			double drainOverlap = Math.max(0, Math.min(drained, afterCommit.lastSent()) - afterCommit.firstSent())
					/ (double) Math.max(1, afterCommit.lastSent() - afterCommit.firstSent());

			System.out.println("BENCHMARK small closes alone: " + baseline.describe());
			System.out.println("BENCHMARK small closes during the large close: " + underLoad.describe());
			System.out.println("BENCHMARK small closes after the large close committed: " + afterCommit.describe());
			System.out.println("BENCHMARK unrelated organisation's grant → webhook, alone: " + grantsAlone);
			System.out.println("BENCHMARK unrelated organisation's grant → webhook, after the large close committed: "
					+ grantsAfter);
			System.out.println("BENCHMARK the webhook fan-out consumer's lag on the participant events: " + webhookLag);
			System.out.println(BenchmarkReport.format(
					"BENCHMARK large close of %d winners: POST → finished %.1f s; it ran during %.0f%% of the small closes' window; its %d events on Kafka %.1f s after its commit, during %.0f%% of the window after it",
					winners, (bigFinished - bigSent) / 1000.0, overlap * 100, 2L * winners,
					(drained - committed) / 1000.0, drainOverlap * 100));
			report.description(BenchmarkReport
				.format("`CloseLatencyUnderLoadBenchmark` runs on the shared local stack (edge and workers in one JVM, 3 "
						+ "partitions). It submits small closes (3 winners each, prepared beforehand) at %d/s for %d s, "
						+ "each `POST /challenges/close` at its own time whatever the answers before it, and measures "
						+ "command → job succeeded: from the client's `POST` to the job row's `finished_at`. Baseline: "
						+ "the same with nothing else running. Then the same again while a close of %,d winners (another "
						+ "organisation, with a badge: %,d events) runs: the small closes start once its job has "
						+ "started; and again from the moment it committed, while the relay publishes its events. "
						+ "Beside the last, a third organisation grants a badge to a new participant 10 times a second "
						+ "(`POST /badges/grant`), measured from the `POST` to its webhook's arrival at a local "
						+ "receiver (relay → notification-worker fan-out → dispatcher); baseline: the same grants "
						+ "with nothing else running.", RATE, seconds, winners, 2L * winners))
				.millis("small closes during the large close, p50", underLoad.p(50), baseline.p(50))
				.millis("small closes during the large close, p99", underLoad.p(99), baseline.p(99))
				.millis("small closes during the large close, max", underLoad.p(100), baseline.p(100))
				.row("p50 / p99 of the parts: the client's `POST` → `created_at` (edge), → `started_at` (relay, Kafka, "
						+ "queue), → `finished_at` (the close)", underLoad.parts(), baseline.parts(), "—")
				.millis("small closes committed after the large close, p50 (target of the p99 ≤ 1 s)",
						afterCommit.p(50), baseline.p(50))
				.millis("small closes committed after the large close, p99 (target ≤ 1 s)", afterCommit.p(99),
						baseline.p(99))
				.row("their parts, p50 / p99", afterCommit.parts(), baseline.parts(), "—")
				.millis("unrelated organisation's grant → webhook after the large close committed, p50",
						grantsAfter.p(50), grantsAlone.p(50))
				.millis("unrelated organisation's grant → webhook after the large close committed, p99 (target ≤ 5 s)",
						grantsAfter.p(99), grantsAlone.p(99))
				.row("its parts, p50 / p99", grantsAfter.parts(), grantsAlone.parts(), "—")
				.row("the webhook fan-out consumer's lag on the participant events after the commit (records)",
						webhookLag)
				.row("large close, `POST` → job succeeded (of which queued before it started)",
						BenchmarkReport.format("%.1f s (%.1f s)", (bigFinished - bigSent) / 1000.0,
								(bigStarted - bigSent) / 1000.0))
				.row("share of the small closes' submission window during which the large close ran",
						BenchmarkReport.format("%.0f%%", overlap * 100))
				.row("large close's events: commit → all on Kafka; share of the window after the commit during which "
						+ "the relay was still publishing them",
						BenchmarkReport.format("%.1f s; %.0f%%", (drained - committed) / 1000.0, drainOverlap * 100))
				.write();
		}
	}

	/**
	 * Badge grants of an organisation with a webhook subscription, one new participant
	 * each, 10 a second: the client's {@code POST} → the webhook's arrival.
	 */
	private static final class Grants {

		private static final int PER_SECOND = 10;

		private final ApiClient api;

		private final String token;

		private final long badge;

		private final WebhookReceiver receiver;

		private final JdbcClient jdbc;

		private final long subscription;

		private long participant = 1;

		Grants(ApiClient api, String token, long badge, WebhookReceiver receiver, JdbcClient jdbc, long subscription) {
			this.api = api;
			this.token = token;
			this.badge = badge;
			this.receiver = receiver;
			this.jdbc = jdbc;
			this.subscription = subscription;
		}

		Delays send(int seconds) throws InterruptedException {
			Map<Long, Long> sent = new java.util.concurrent.ConcurrentHashMap<>();
			Map<Long, Long> sentAt = new java.util.concurrent.ConcurrentHashMap<>();
			long first = this.participant;
			int count = PER_SECOND * seconds;
			long interval = TimeUnit.SECONDS.toNanos(1) / PER_SECOND;
			long start = System.nanoTime();
			try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
				for (int i = 0; i < count; i++) {
					long wait = start + i * interval - System.nanoTime();
					if (wait > 0) {
						TimeUnit.NANOSECONDS.sleep(wait);
					}
					long id = this.participant++;
					threads.execute(() -> {
						long at = System.nanoTime();
						long wall = System.currentTimeMillis();
						ApiClient.Response answer = this.api.post("/badges/grant", this.token,
								Map.of("badgeid", this.badge, "participanttype", 2, "participantid", id));
						assertThat(answer.status()).as(answer.text()).isEqualTo(201);
						sent.put(id, at);
						sentAt.put(id, wall);
					});
				}
			}
			long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
			Map<Long, Long> arrived = new java.util.HashMap<>();
			while (arrived.size() < count && System.nanoTime() < deadline) {
				for (WebhookReceiver.Received request : this.receiver.requests("/unrelated")) {
					JsonNode data = JsonMapper.shared().readTree(request.body()).path("data");
					long id = data.path("participantId").asLong();
					if (id >= first && id < first + count) {
						arrived.putIfAbsent(id, request.nanos());
					}
				}
				Thread.sleep(200);
			}
			assertThat(arrived).hasSize(count);
			long[] millis = arrived.entrySet()
				.stream()
				.mapToLong((e) -> TimeUnit.NANOSECONDS.toMillis(e.getValue() - sent.get(e.getKey())))
				.sorted()
				.toArray();
			// The parts: the POST → its delivery row (relay, Kafka, the fan-out
			// consumer),
			// and the row → the receiver (the dispatcher).
			Map<Long, Long> fannedOut = new java.util.HashMap<>();
			this.jdbc.sql("""
					select (e.body::jsonb -> 'data' ->> 'participantId')::bigint as participant,
					       (extract(epoch from d.created_at) * 1000)::bigint as created
					from webhook_delivery d join webhook_event e on e.id = d.event_id
					where d.subscription_id = :s
					""")
				.param("s", this.subscription)
				.query((rs, n) -> fannedOut.put(rs.getLong(1), rs.getLong(2)))
				.list();
			long[] toRow = arrived.keySet()
				.stream()
				.mapToLong((id) -> fannedOut.get(id) - sentAt.get(id))
				.sorted()
				.toArray();
			long[] toReceiver = arrived.keySet()
				.stream()
				.mapToLong((id) -> TimeUnit.NANOSECONDS.toMillis(arrived.get(id) - sent.get(id))
						- (fannedOut.get(id) - sentAt.get(id)))
				.sorted()
				.toArray();
			return new Delays(millis, toRow, toReceiver);
		}

	}

	/**
	 * Grant → webhook, sorted, in milliseconds; and its parts, each sorted on its own:
	 * the {@code POST} → the delivery row (relay, Kafka, fan-out), the row → the
	 * receiver.
	 */
	record Delays(long[] millis, long[] toRow, long[] toReceiver) {

		double p(double percentile) {
			return Phase.p(this.millis, percentile);
		}

		@Override
		public String toString() {
			return BenchmarkReport.format("%d grants, p50 %.0f ms, p99 %.0f ms, max %.0f ms; %s", this.millis.length,
					p(50), p(99), p(100), parts());
		}

		String parts() {
			return BenchmarkReport.format(
					"to the delivery row (relay, Kafka, fan-out) %.0f / %.0f ms, then to the "
							+ "receiver %.0f / %.0f ms",
					Phase.p(this.toRow, 50), Phase.p(this.toRow, 99), Phase.p(this.toReceiver, 50),
					Phase.p(this.toReceiver, 99));
		}

	}

	/**
	 * A consumer group's lag on a topic (end offsets − its committed offsets, summed over
	 * the partitions), sampled every second from a thread of its own until stopped.
	 */
	private static final class Lag {

		private final java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(
				true);

		private final List<Long> samples = java.util.Collections.synchronizedList(new ArrayList<>());

		private final Thread thread;

		private Lag(String group, String topic) {
			this.thread = Thread.ofPlatform().daemon().start(() -> {
				try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin
					.create(Map.of(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
							RealInfrastructure.bootstrapServers()))) {
					while (this.running.get()) {
						var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
						long behind = 0;
						for (var end : TestMessages.endOffsets(topic).entrySet()) {
							var at = committed.get(end.getKey());
							behind += end.getValue() - ((at != null) ? at.offset() : 0);
						}
						this.samples.add(behind);
						Thread.sleep(1000);
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				catch (java.util.concurrent.ExecutionException ex) {
					throw new IllegalStateException(ex);
				}
			});
		}

		static Lag watch(String group, String topic) {
			return new Lag(group, topic);
		}

		/** Stops sampling; answers the largest lag and the lag every 10 s. */
		String stop() throws InterruptedException {
			this.running.set(false);
			this.thread.join();
			List<Long> taken = List.copyOf(this.samples);
			StringBuilder every10 = new StringBuilder();
			for (int i = 0; i < taken.size(); i += 10) {
				every10.append(i == 0 ? "" : ", ").append(String.format("%,d", taken.get(i)));
			}
			return BenchmarkReport.format("largest %,d; every 10 s: %s",
					taken.stream().mapToLong(Long::longValue).max().orElse(0), every10);
		}

	}

	/**
	 * The moment the participant-events topic's end offset reached a number, watched
	 * every 100 ms from a thread of its own.
	 */
	private record Drain(java.util.concurrent.CompletableFuture<Long> reached) {

		static Drain watch(long offset) {
			return new Drain(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
				while (TestMessages.endOffset(Topics.PARTICIPANT_EVENTS) < offset) {
					try {
						Thread.sleep(100);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						throw new IllegalStateException(ex);
					}
				}
				return System.currentTimeMillis();
			}));
		}

		long await() throws Exception {
			return this.reached.get(30, TimeUnit.MINUTES);
		}

	}

	/**
	 * Submits a close of each challenge at {@link #RATE} a second; answers each close's
	 * POST → finished_at once every job has ended.
	 */
	private static Phase submit(ApiClient api, String token, List<Long> challenges, JdbcClient jdbc)
			throws InterruptedException {
		ConcurrentLinkedQueue<long[]> sent = new ConcurrentLinkedQueue<>();
		long interval = TimeUnit.SECONDS.toNanos(1) / RATE;
		long start = System.nanoTime();
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < challenges.size(); i++) {
				long wait = start + i * interval - System.nanoTime();
				if (wait > 0) {
					TimeUnit.NANOSECONDS.sleep(wait);
				}
				long challenge = challenges.get(i);
				threads.execute(() -> {
					long at = System.currentTimeMillis();
					ApiClient.Response answer = api.post("/challenges/close?id=" + challenge, token, null);
					assertThat(answer.status()).as(answer.text()).isEqualTo(202);
					sent.add(new long[] { answer.json().get("jobid").asLong(), at });
				});
			}
		}
		List<Long> millis = new ArrayList<>();
		List<long[]> segments = new ArrayList<>();
		long first = Long.MAX_VALUE;
		long last = 0;
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
		for (long[] job : sent) {
			Map<String, Object> row;
			do {
				row = jdbc.sql("""
						select status, (extract(epoch from created_at) * 1000)::bigint as created,
						       (extract(epoch from started_at) * 1000)::bigint as started,
						       (extract(epoch from finished_at) * 1000)::bigint as finished
						from job where id = :id
						""").param("id", job[0]).query().singleRow();
				if (row.get("finished") == null) {
					Thread.sleep(100);
				}
			}
			while (row.get("finished") == null && System.nanoTime() < deadline);
			assertThat(row.get("status")).isEqualTo("succeeded");
			long created = ((Number) row.get("created")).longValue();
			long started = ((Number) row.get("started")).longValue();
			long finished = ((Number) row.get("finished")).longValue();
			millis.add(finished - job[1]);
			segments.add(new long[] { created - job[1], started - created, finished - started });
			first = Math.min(first, job[1]);
			last = Math.max(last, job[1]);
		}
		long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
		return new Phase(sorted, segment(segments, 0), segment(segments, 1), segment(segments, 2), first, last);
	}

	private static long[] segment(List<long[]> segments, int index) {
		return segments.stream().mapToLong((times) -> times[index]).sorted().toArray();
	}

	/**
	 * Command → job succeeded of each close, sorted, in milliseconds; and its three
	 * parts, each sorted on its own: the client's {@code POST} → the job row's
	 * {@code created_at} (the edge), {@code created_at} → {@code started_at} (relay,
	 * Kafka, queue in the close-worker), {@code started_at} → {@code finished_at} (the
	 * close's transaction).
	 */
	record Phase(long[] millis, long[] edge, long[] relay, long[] work, long firstSent, long lastSent) {

		static double p(long[] sorted, double percentile) {
			int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
			return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
		}

		double p(double percentile) {
			return p(this.millis, percentile);
		}

		String describe() {
			return BenchmarkReport.format(
					"%d closes, p50 %.0f ms, p99 %.0f ms, max %.0f ms; p50/p99 of its parts: edge %.0f/%.0f ms, "
							+ "relay and queue %.0f/%.0f ms, close transaction %.0f/%.0f ms",
					this.millis.length, p(50), p(99), p(100), p(this.edge, 50), p(this.edge, 99), p(this.relay, 50),
					p(this.relay, 99), p(this.work, 50), p(this.work, 99));
		}

		String parts() {
			return BenchmarkReport.format("edge %.0f / %.0f ms, relay and queue %.0f / %.0f ms, close %.0f / %.0f ms",
					p(this.edge, 50), p(this.edge, 99), p(this.relay, 50), p(this.relay, 99), p(this.work, 50),
					p(this.work, 99));
		}

		@Override
		public String toString() {
			return describe();
		}

	}

}
