package dev.podium.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.podium.contracts.MessageTypes;
import dev.podium.contracts.Topics;
import dev.podium.platform.outbox.Outbox;
import dev.podium.platform.outbox.ParticipantEvents;
import dev.podium.platform.testing.ApiClient;
import dev.podium.platform.testing.BenchmarkReport;
import dev.podium.platform.testing.RealInfrastructure;
import dev.podium.platform.testing.TestMessages;
import dev.podium.platform.testing.TestTenant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhook fan-out: 100,000 badge grants ({@code -Dpodium.events=N}) written to the outbox
 * in one transaction, fanned out to 10 subscriptions on a local HTTP receiver (1,000,000
 * signed deliveries) through the whole system: relay, Kafka, the notification-worker's
 * fan-out and dispatcher. Prints deliveries/s and the delay from each event's
 * {@code time} (the outbox write) to its arrival at the receiver (p50, p99, max), next to
 * a baseline measured in the same run: the receiver's raw request rate from a plain
 * {@code HttpClient} loop at the dispatcher's concurrency (10 subscriptions × 8). Run
 * with
 * {@code ./mvnw -pl local-stack -am verify -Dpodium.benchmarks -Dtest=WebhookFanOutBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DskipITs}.
 */
@Tag("benchmark")
class WebhookFanOutBenchmark {

	private static final int SUBSCRIPTIONS = 10;

	private static final int CONCURRENCY = SUBSCRIPTIONS * 8;

	static final String COMMAND = "./mvnw -pl local-stack -am verify -Dpodium.benchmarks -Dtest=WebhookFanOutBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DskipITs";

	@Test
	void fanOutToTenSubscriptions() throws Exception {
		int events = Integer.getInteger("podium.events", 100_000);
		int expected = events * SUBSCRIPTIONS;
		BenchmarkReport report = BenchmarkReport
			.start(90, "WebhookFanOutBenchmark", "Webhook fan-out: badge grants to 10 subscriptions")
			.command(COMMAND)
			.size("podium.events", events);
		LocalStack stack = SharedStack.get();
		ConfigurableApplicationContext edge = stack.apps().get(0);
		ApiClient api = new ApiClient(stack.baseUrl());
		TestTenant tenant = TestTenant.create(edge);
		JdbcClient jdbc = JdbcClient.create(RealInfrastructure.dataSource());
		try (Receiver receiver = new Receiver(expected)) {
			// Baseline: the receiver's raw rate, a plain HttpClient at the same
			// concurrency
			// and a body of the same size.
			String sample = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID()
					+ "\",\"type\":\"podium.badge.granted.v1\",\"time\":\"" + Instant.now() + "\",\"data\":{"
					+ "x".repeat(300) + "}}";
			int baselineRequests = Math.min(expected, 200_000);
			double baselineRate = baseline(receiver.url("/baseline"), sample, baselineRequests);
			receiver.reset();

			for (int i = 0; i < SUBSCRIPTIONS; i++) {
				ApiClient.Response created = api.post("/webhooks", tenant.admin(),
						Map.of("url", receiver.url("/s" + i), "events", List.of(MessageTypes.BADGE_GRANTED)));
				assertThat(created.status()).as(created.text()).isEqualTo(201);
			}
			long badge = jdbc.sql("insert into badge (organisation_id, name) values (:o, 'bench') returning id")
				.param("o", tenant.organisationId())
				.query(Long.class)
				.single();
			long eventsBefore = TestMessages.endOffset(Topics.PARTICIPANT_EVENTS);

			long start = System.nanoTime();
			grants(edge, tenant, badge, 1, events);
			long committed = System.nanoTime();

			long relayed = 0;
			long fannedOut = 0;
			long deadline = committed + TimeUnit.MINUTES.toNanos(60);
			while (receiver.count() < expected && System.nanoTime() < deadline) {
				Thread.sleep(500);
				if (relayed == 0 && TestMessages.endOffset(Topics.PARTICIPANT_EVENTS) - eventsBefore >= events) {
					relayed = System.nanoTime();
				}
				if (fannedOut == 0 && jdbc.sql("select count(*) from webhook_delivery where organisation_id = :o")
					.param("o", tenant.organisationId())
					.query(Long.class)
					.single() >= expected) {
					fannedOut = System.nanoTime();
				}
			}
			assertThat(receiver.count()).isEqualTo(expected);
			double seconds = (receiver.last() - start) / 1e9;
			double rate = expected / seconds;
			long[] delays = receiver.delays();
			System.out.println(String.format(
					"BENCHMARK baseline: plain HttpClient loop to the receiver, %d requests at concurrency %d: %.0f requests/s",
					baselineRequests, CONCURRENCY, baselineRate));
			System.out.println(String.format(
					"BENCHMARK %d grant events x %d subscriptions = %d deliveries in %.1f s from the outbox write: %.0f deliveries/s = %.2f x baseline",
					events, SUBSCRIPTIONS, expected, seconds, rate, rate / baselineRate));
			System.out.println(String.format(
					"BENCHMARK outbox write %.1f s; all events on Kafka %.1f s after it; all delivery rows written %.1f s after it",
					(committed - start) / 1e9, (relayed - committed) / 1e9, (fannedOut - committed) / 1e9));
			System.out.println(String.format(
					"BENCHMARK delay from event time to arrival: p50 %.1f s, p99 %.1f s, max %.1f s (first arrival %.1f s after the write)",
					percentile(delays, 50) / 1000.0, percentile(delays, 99) / 1000.0,
					delays[delays.length - 1] / 1000.0, (receiver.first() - committed) / 1e9));
			System.out.println("BENCHMARK load: " + load());
			report.description(BenchmarkReport
				.format("`WebhookFanOutBenchmark` creates %d webhook subscriptions over HTTP (`podium.badge.granted.v1`) "
						+ "pointing at a local receiver (the JDK's HTTP server, 204 to everything), then writes %,d "
						+ "badge-grant events with `Outbox#addChunked` in one transaction: relay → Kafka → the "
						+ "notification-worker's fan-out (%,d `webhook_delivery` rows) → its dispatcher. Delay = "
						+ "arrival − the event's `time` (the outbox write). Baseline, same run: a plain `HttpClient` "
						+ "loop posting a body of the same size to the same receiver at the same concurrency (%d). Then "
						+ "a trickle: 200 single-event transactions 50 ms apart.", SUBSCRIPTIONS, events, expected,
						CONCURRENCY))
				.row(BenchmarkReport.format("%,d deliveries, outbox write → last arrival", expected),
						BenchmarkReport.format("%.1f s: %,.0f deliveries/s", seconds, rate),
						BenchmarkReport.format("%,.0f requests/s", baselineRate),
						"**" + BenchmarkReport.ratio(rate, baselineRate) + "**")
				.row("relay: all events on Kafka after the write",
						BenchmarkReport.format("%.1f s", (relayed - committed) / 1e9))
				.row("all delivery rows written after the write",
						BenchmarkReport.format("%.1f s", (fannedOut - committed) / 1e9))
				.row("first arrival after the write",
						BenchmarkReport.format("%.1f s", (receiver.first() - committed) / 1e9))
				.row("burst delay p50 / p99 / max",
						BenchmarkReport.format("%.1f s / %.1f s / %.1f s", percentile(delays, 50) / 1000.0,
								percentile(delays, 99) / 1000.0, delays[delays.length - 1] / 1000.0));

			// Then a trickle: one event per outbox transaction every 50 ms, 10 deliveries
			// each, to see the pipeline's own delay when nothing queues.
			receiver.reset();
			int trickle = 200;
			for (int i = 0; i < trickle; i++) {
				grants(edge, tenant, badge, events + i + 1, 1);
				Thread.sleep(50);
			}
			long trickleDeadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
			while (receiver.count() < trickle * SUBSCRIPTIONS && System.nanoTime() < trickleDeadline) {
				Thread.sleep(100);
			}
			assertThat(receiver.count()).isEqualTo(trickle * SUBSCRIPTIONS);
			long[] trickleDelays = receiver.delays();
			System.out.println(String.format(
					"BENCHMARK trickle of %d events (one per transaction, every 50 ms) x %d subscriptions: delay p50 %d ms, p99 %d ms, max %d ms",
					trickle, SUBSCRIPTIONS, (long) percentile(trickleDelays, 50), (long) percentile(trickleDelays, 99),
					trickleDelays[trickleDelays.length - 1]));
			System.out.println("BENCHMARK load: " + load());
			report.row("trickle delay p50 / p99 / max",
					BenchmarkReport.format("%d ms / %d ms / %d ms", (long) percentile(trickleDelays, 50),
							(long) percentile(trickleDelays, 99), trickleDelays[trickleDelays.length - 1]))
				.write();
		}
	}

	/**
	 * Badge-grant events for participants {@code from..from+count-1}, in one transaction.
	 */
	private static void grants(ConfigurableApplicationContext edge, TestTenant tenant, long badge, int from,
			int count) {
		new TransactionTemplate(edge.getBean(PlatformTransactionManager.class))
			.executeWithoutResult(
					(tx) -> edge.getBean(Outbox.class)
						.addChunked(
								new ParticipantEvents(Topics.PARTICIPANT_EVENTS, MessageTypes.BADGE_GRANTED,
										tenant.organisationId(),
										Map.of("organisationId", tenant.organisationId(), "badgeId", badge, "badgeName",
												"bench", "source", "manual"),
										List.of("participantType", "participantId", "grantId", "grantedAt"), "grantId"),
								"""
										select 2 as "participantType", g as "participantId", g as "grantId",
										       now() as "grantedAt"
										from generate_series(:from, :to) g
										""", Map.of("from", from, "to", from + count - 1)));
	}

	private static double baseline(String url, String body, int requests) throws InterruptedException {
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		AtomicInteger next = new AtomicInteger();
		long start = System.nanoTime();
		try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int w = 0; w < CONCURRENCY; w++) {
				workers.execute(() -> {
					while (next.getAndIncrement() < requests) {
						HttpRequest request = HttpRequest.newBuilder(URI.create(url))
							.header("content-type", "application/json")
							.POST(HttpRequest.BodyPublishers.ofString(body))
							.build();
						try {
							http.send(request, HttpResponse.BodyHandlers.discarding());
						}
						catch (IOException ex) {
							throw new IllegalStateException(ex);
						}
						catch (InterruptedException ex) {
							Thread.currentThread().interrupt();
							return;
						}
					}
				});
			}
		}
		return requests / ((System.nanoTime() - start) / 1e9);
	}

	private static double percentile(long[] sorted, double p) {
		int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
	}

	private static String load() {
		try {
			return new String(new ProcessBuilder("uptime").start().getInputStream().readAllBytes(),
					StandardCharsets.UTF_8)
				.strip();
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	/**
	 * A receiver that keeps only what the figures need: the arrival count and times, and
	 * each event's delay from its {@code time} field to its arrival.
	 */
	private static final class Receiver implements AutoCloseable {

		private static final byte[] TIME = "\"time\":\"".getBytes(StandardCharsets.UTF_8);

		private final HttpServer server;

		private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

		private final long[] delays;

		private final AtomicInteger count = new AtomicInteger();

		private final AtomicLong first = new AtomicLong();

		private final AtomicLong last = new AtomicLong();

		Receiver(int capacity) throws IOException {
			this.delays = new long[capacity];
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1000);
			this.server.createContext("/", this::handle);
			this.server.setExecutor(this.executor);
			this.server.start();
		}

		String url(String path) {
			return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
		}

		void reset() {
			this.count.set(0);
			this.first.set(0);
			this.last.set(0);
		}

		int count() {
			return this.count.get();
		}

		long first() {
			return this.first.get();
		}

		long last() {
			return this.last.get();
		}

		long[] delays() {
			long[] copy = Arrays.copyOf(this.delays, Math.min(this.count.get(), this.delays.length));
			Arrays.sort(copy);
			return copy;
		}

		private void handle(HttpExchange exchange) throws IOException {
			byte[] body;
			try (InputStream in = exchange.getRequestBody()) {
				body = in.readAllBytes();
			}
			long now = System.currentTimeMillis();
			long nanos = System.nanoTime();
			int n = this.count.getAndIncrement();
			this.first.compareAndSet(0, nanos);
			this.last.accumulateAndGet(nanos, Math::max);
			if (n < this.delays.length) {
				this.delays[n] = now - eventTime(body);
			}
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		}

		private static long eventTime(byte[] body) {
			outer: for (int i = 0; i + TIME.length < body.length; i++) {
				for (int j = 0; j < TIME.length; j++) {
					if (body[i + j] != TIME[j]) {
						continue outer;
					}
				}
				int from = i + TIME.length;
				int to = from;
				while (body[to] != '"') {
					to++;
				}
				return Instant.parse(new String(body, from, to - from, StandardCharsets.US_ASCII)).toEpochMilli();
			}
			return 0;
		}

		@Override
		public void close() {
			this.server.stop(0);
			this.executor.shutdownNow();
		}

	}

}
