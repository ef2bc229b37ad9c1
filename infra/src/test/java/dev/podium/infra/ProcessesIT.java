package dev.podium.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.podium.contracts.CloseChallenge;
import dev.podium.contracts.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Podium as six processes started by {@code bin/podium-processes}: what the apps export
 * to a real Prometheus, readiness while PostgreSQL or Kafka is away, and close-workers
 * stopped (SIGTERM) or killed (SIGKILL) in the middle of a burst of closes without a
 * close lost or done twice. Run with {@code -Dpodium.processes} (see docs/operations.md).
 */
@Tag("processes")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProcessesIT {

	static ProcessStack stack;

	@BeforeAll
	static void up() throws IOException {
		Path run = Files.createDirectories(Path.of("target", "processes-it")).toAbsolutePath();
		stack = new ProcessStack(Files.createTempDirectory(run, "run-"), Map.of("PODIUM_KAFKA_PARTITIONS", "6",
				"PODIUM_RATE_LIMIT_PER_SECOND", "100000", "PODIUM_RATE_LIMIT_BURST", "100000"));
		stack.up();
	}

	@AfterAll
	static void down() {
		if (stack != null) {
			stack.close();
		}
	}

	@Test
	@Order(1)
	void everyAppIsLiveAndReadyAndExportsItsMeters() throws IOException {
		CloseBurst burst = new CloseBurst(stack, 5, 3);
		assertThat(stack.api().post("/challenges/close?id=0", "no-token", null).status()).isEqualTo(401);
		// A command that names no job and cannot be read: dead-lettered at once.
		stack.produce(Topics.COMMANDS, "poison", "{not json",
				Map.of("ce_id", UUID.randomUUID().toString(), "ce_type", CloseChallenge.TYPE));
		try {
			burst.submit(2);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		await().atMost(Duration.ofMinutes(3)).until(burst::drained);
		burst.verify();

		Set<String> exported = new TreeSet<>();
		for (String app : ProcessStack.APPS) {
			assertThat(ProcessStack.get(stack.url(app, 1) + "/actuator/health/liveness").status()).as(app)
				.isEqualTo(200);
			assertThat(ProcessStack.get(stack.url(app, 1) + "/actuator/health/readiness").status()).as(app)
				.isEqualTo(200);
			String scrape = ProcessStack.get(stack.url(app, 1) + "/actuator/prometheus").body();
			exported.addAll(MetricNames.samples(scrape));
		}
		// Kafka's client meters appear when Micrometer next looks for new ones (every 60
		// s).
		await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(5)).untilAsserted(() -> {
			String closeWorker = ProcessStack.get(stack.url("close-worker", 1) + "/actuator/prometheus").body();
			assertThat(closeWorker)
				.contains("podium_dead_letters_total{application=\"close-worker\",topic=\"podium.commands\"} 1.0");
			assertThat(closeWorker).containsPattern(
					"podium_jobs_seconds_count\\{application=\"close-worker\",status=\"succeeded\",type=\"close\"} [1-9]");
			assertThat(closeWorker)
				.containsPattern("podium_close_awards_total\\{application=\"close-worker\",kind=\"points\"} 15.0");
			assertThat(closeWorker).containsPattern(
					"kafka_consumer_fetch_manager_records_lag\\{.*client_id=\"consumer-close-worker-\\d+\".*partition=\"\\d+\".*topic=\"podium_commands\"");
			String edge = ProcessStack.get(stack.url("api-edge", 1) + "/actuator/prometheus").body();
			assertThat(edge)
				.containsPattern("http_server_requests_seconds_count\\{.*status=\"202\".*uri=\"/challenges/close\"");
			assertThat(edge)
				.containsPattern("podium_relay_events_total\\{application=\"api-edge\",instance=\"\\w+\"} [1-9]");
			assertThat(edge).containsPattern(
					"podium_relay_slot_retained_wal_bytes\\{application=\"api-edge\",slot=\"podium_outbox\"} \\d");
		});
		for (String app : ProcessStack.APPS) {
			exported.addAll(MetricNames.samples(ProcessStack.get(stack.url(app, 1) + "/actuator/prometheus").body()));
		}
		// What the alert rules and the dashboard may use (InfraFilesTests checks them
		// against this list in every build).
		Path snapshot = Path.of("src/test/resources/exported-metrics.txt");
		Set<String> recorded = new TreeSet<>(MetricNames.lines(snapshot));
		Files.writeString(Path.of("target/exported-metrics.txt"), String.join("\n", exported) + "\n");
		Set<String> missing = new TreeSet<>(recorded);
		missing.removeAll(exported);
		assertThat(missing)
			.as("metrics in %s that the apps no longer export (fresh list: target/exported-metrics.txt)", snapshot)
			.isEmpty();
	}

	@Test
	@Order(2)
	void aRealPrometheusScrapesEveryAppAndAnswersAQuery() throws Exception {
		try (PrometheusServer prometheus = PrometheusServer
			.startOrSkip(ProcessStack.APPS.stream().map((app) -> "127.0.0.1:" + stack.port(app, 1)).toList())) {
			await().atMost(Duration.ofMinutes(2))
				.untilAsserted(() -> assertThat(prometheus.query("sum(up{job=\"podium\"})")).isEqualTo(4.0));
			await().atMost(Duration.ofMinutes(1))
				.untilAsserted(() -> assertThat(prometheus.query(
						"sum(podium_jobs_seconds_count{application=\"close-worker\",type=\"close\",status=\"succeeded\"})"))
					.isGreaterThanOrEqualTo(5.0));
			assertThat(prometheus.query("sum(podium_dead_letters_total{topic=\"podium.commands\"})")).isEqualTo(1.0);
			assertThat(prometheus.ruleGroupsHealthy()).as("alert rules loaded and evaluated").isTrue();
		}
	}

	@Test
	@Order(3)
	void readinessIsDownWhileKafkaOrPostgresqlIsAway() {
		stack.stop("kafka", false);
		try {
			awaitReadiness(503);
			for (String app : ProcessStack.APPS) {
				assertThat(ProcessStack.get(stack.url(app, 1) + "/actuator/health/liveness").status())
					.as(app + " stays live")
					.isEqualTo(200);
			}
		}
		finally {
			stack.start("kafka");
		}
		awaitReadiness(200);

		stack.stop("postgres", false);
		try {
			awaitReadiness(503);
		}
		finally {
			stack.start("postgres");
		}
		awaitReadiness(200);
		// Still working: a close goes through the whole pipeline again.
		CloseBurst burst = new CloseBurst(stack, 3, 2);
		try {
			burst.submit(1);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		await().atMost(Duration.ofMinutes(3)).until(burst::drained);
		burst.verify();
	}

	@Test
	@Order(4)
	void aCloseWorkerStoppedWithSigtermMidBurstHandsBackItsWork() throws Exception {
		CloseBurst burst = secondCloseWorkerMidBurst();
		long t0 = System.nanoTime();
		String stopped = stack.stop("close-worker.2", false);
		long stopMillis = (System.nanoTime() - t0) / 1_000_000;
		assertThat(stopped).contains("close-worker.2 stopped (SIGTERM");
		assertThat(stopMillis).as("stopped well within the shutdown timeout").isLessThan(45_000);
		String log = stack.logText("close-worker.2");
		assertThat(log).as("close-worker.2 did some of the closes").contains("Closed challenge");
		assertThat(log).contains("Commencing graceful shutdown");
		await().atMost(Duration.ofMinutes(10)).until(burst::drained);
		burst.verify();
		System.out.printf("SIGTERM: close-worker.2 stopped in %d ms; %s%n", stopMillis, redeliveries());
	}

	@Test
	@Order(5)
	void aCloseWorkerKilledMidBurstLosesNothing() throws Exception {
		CloseBurst burst = secondCloseWorkerMidBurst();
		stack.stop("close-worker.2", true);
		await().atMost(Duration.ofMinutes(10)).until(burst::drained);
		burst.verify();
		System.out.printf("SIGKILL: %s%n", redeliveries());
	}

	/**
	 * Starts close-worker.2, waits until the group gave it some of the commands'
	 * partitions (a member that joins gets them only once the other has revoked them),
	 * then queues a burst and waits until close-worker.2 has closed some of it.
	 */
	private static CloseBurst secondCloseWorkerMidBurst() throws Exception {
		stack.start("close-worker", 2, Map.of());
		await().atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> lastRun("close-worker.2").contains("partitions assigned: [podium.commands-"));
		CloseBurst burst = new CloseBurst(stack, 400, 3);
		burst.submit(4);
		await().atMost(Duration.ofMinutes(5))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> lastRun("close-worker.2").contains("Closed challenge") && burst.succeeded() >= 60);
		return burst;
	}

	/**
	 * The log of an app's latest start (bin/podium-processes appends each start to one
	 * file).
	 */
	private static String lastRun(String id) {
		String log = stack.logText(id);
		return log.substring(Math.max(0, log.lastIndexOf("\n=== ") + 1));
	}

	private static String redeliveries() {
		Matcher m = Pattern.compile("was handled before").matcher(stack.logText("close-worker.1"));
		int count = 0;
		while (m.find()) {
			count++;
		}
		return "close-worker.1 found " + count + " close commands already handled (redelivered after the stop)";
	}

	private static void awaitReadiness(int status) {
		await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			for (String app : ProcessStack.APPS) {
				assertThat(ProcessStack.get(stack.url(app, 1) + "/actuator/health/readiness").status()).as(app)
					.isEqualTo(status);
			}
		});
	}

}
