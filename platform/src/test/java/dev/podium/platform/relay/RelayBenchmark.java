package dev.podium.platform.relay;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.podium.contracts.BadgeGranted;
import dev.podium.contracts.JobFinished;
import dev.podium.contracts.PointsRecorded;
import dev.podium.contracts.Topics;
import dev.podium.platform.PlatformTestApplication;
import dev.podium.platform.outbox.Outbox;
import dev.podium.platform.outbox.OutboxMessage;
import dev.podium.platform.outbox.ParticipantEvents;
import dev.podium.platform.testing.BenchmarkReport;
import dev.podium.platform.testing.RealInfrastructure;
import dev.podium.platform.testing.TestMessages;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay alone under a large close's events: one transaction writes as many rows into
 * a scratch table as a close writes ledger rows and grants, and {@code 2 × N} participant
 * events as chunks (default N = 1,000,000, as a million-winner close;
 * {@code -Dpodium.relay.winners=N}). Measured in the same run: the transaction's own time
 * (the rate at which a close inserts events), the relay's time from the commit until
 * every event is on Kafka, and, while that backlog drains, the latency (commit → on
 * Kafka) of single events of an unrelated organisation and of commands committed after it
 * (through the relay only, and sent ahead). Run with
 * {@code ./mvnw -pl platform -am verify -Dpodium.benchmarks -Dtest=RelayBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DskipITs}.
 */
@Tag("benchmark")
@SpringBootTest(classes = PlatformTestApplication.class)
@ContextConfiguration(initializers = RealInfrastructure.class)
class RelayBenchmark {

	static final String COMMAND = "./mvnw -pl platform -am verify -Dpodium.benchmarks -Dtest=RelayBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DskipITs";

	private static final long BIG = 7_000_001;

	private static final long OTHER = 7_000_002;

	private static final Duration TRICKLE_EVERY = Duration.ofMillis(100);

	@Autowired
	Outbox outbox;

	@Autowired
	TransactionTemplate tx;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	RelaySettings settings;

	@Test
	void aLargeClosesEventsAndWhatIsCommittedAfterThem() throws Exception {
		int winners = Integer.getInteger("podium.relay.winners", 1_000_000);
		BenchmarkReport report = BenchmarkReport.start(45, "RelayBenchmark", "The relay under a large close's events")
			.command(COMMAND)
			.size("podium.relay.winners", winners)
			.note(BenchmarkReport.format(
					"Producer compression `%s` (`-Dpodium.test.jvm.args=-Dpodium.relay.compression=…`).",
					this.settings.compression()));
		this.jdbc.sql("""
				create table if not exists relay_benchmark_row (
				    id bigint generated always as identity primary key, organisation_id bigint not null,
				    participant_id bigint not null, points integer not null, notes text)
				""").update();
		// Warm-up: the same path at a hundredth of the size.
		int warmUp = Math.max(1, winners / 100);
		long warmUpBefore = TestMessages.endOffset(Topics.PARTICIPANT_EVENTS);
		write(BIG, warmUp, 0);
		awaitRelayed(2L * warmUp, warmUpBefore);

		Map<String, Long> committedAt = new ConcurrentHashMap<>();
		Map<String, Long> arrivedAt = new ConcurrentHashMap<>();
		AtomicBoolean draining = new AtomicBoolean(true);
		Thread consumer = Thread.ofPlatform()
			.name("relay-benchmark-consumer")
			.start(() -> consume(arrivedAt, draining));
		Thread.sleep(2_000);

		long before = TestMessages.endOffset(Topics.PARTICIPANT_EVENTS);
		long start = System.nanoTime();
		write(BIG, winners, 1);
		long committed = System.nanoTime();
		Duration write = Duration.ofNanos(committed - start);

		// While the backlog drains: an unrelated organisation's event and a command,
		// each in a transaction of its own, every 100 ms.
		List<String> trickle = Collections.synchronizedList(new ArrayList<>());
		Thread producer = Thread.ofPlatform().name("relay-benchmark-trickle").start(() -> {
			int i = 0;
			while (draining.get()) {
				String id = Integer.toString(i++);
				this.tx.executeWithoutResult((status) -> {
					this.outbox.addChunked(grants(OTHER), """
							select 2 as "participantType", :n as "participantId", :n as "grantId", now() as "grantedAt"
							""", Map.of("n", Long.parseLong(id)));
					this.outbox.add(new OutboxMessage(Topics.COMMANDS, "relay-benchmark-" + id, JobFinished.TYPE, OTHER,
							"jobs/" + id,
							new JobFinished(Long.parseLong(id), OTHER, "close", "queued", java.time.Instant.now())));
					this.outbox.addAndSendAhead(new OutboxMessage(Topics.COMMANDS, "relay-benchmark-ahead-" + id,
							JobFinished.TYPE, OTHER, "jobs/" + id,
							new JobFinished(Long.parseLong(id), OTHER, "close", "queued", java.time.Instant.now())));
				});
				long at = System.nanoTime();
				committedAt.put("event/" + id, at);
				committedAt.put("command/" + id, at);
				committedAt.put("ahead/" + id, at);
				trickle.add(id);
				try {
					Thread.sleep(TRICKLE_EVERY.toMillis());
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		});
		// The database's side of the drain: what the relay's WAL sender is doing,
		// sampled.
		Map<String, Integer> walSender = new java.util.TreeMap<>();
		Thread sampler = Thread.ofPlatform().name("relay-benchmark-sampler").start(() -> {
			while (draining.get()) {
				this.jdbc.sql("""
						select coalesce(wait_event_type || ':' || wait_event, 'on CPU') from pg_stat_activity
						where backend_type = 'walsender'
						""").query(String.class).list().forEach((state) -> walSender.merge(state, 1, Integer::sum));
				try {
					Thread.sleep(200);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		});
		awaitRelayed(2L * winners, before);
		long relayed = System.nanoTime();
		draining.set(false);
		producer.join();
		sampler.join();
		Map<String, Object> spill = this.jdbc.sql("""
				select spill_txns, spill_count, pg_size_pretty(spill_bytes) as spilled,
				       current_setting('logical_decoding_work_mem') as work_mem
				from pg_stat_replication_slots where slot_name = 'podium_outbox'
				""").query().singleRow();
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (arrivedAt.size() < committedAt.size() && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
		consumer.interrupt();
		consumer.join();
		assertThat(arrivedAt.keySet()).containsAll(committedAt.keySet());

		Duration relay = Duration.ofNanos(relayed - committed);
		double writeRate = 2.0 * winners / (write.toMillis() / 1000.0);
		double relayRate = 2.0 * winners / (relay.toMillis() / 1000.0);
		double writeRows = 2.0 * winners / Outbox.CHUNK / (write.toMillis() / 1000.0);
		double relayRows = 2.0 * winners / Outbox.CHUNK / (relay.toMillis() / 1000.0);
		long[] events = latencies(trickle, "event/", committedAt, arrivedAt);
		long[] commands = latencies(trickle, "command/", committedAt, arrivedAt);
		long[] ahead = latencies(trickle, "ahead/", committedAt, arrivedAt);
		System.out.printf("BENCHMARK relay producer compression: %s%n", this.settings.compression());
		System.out.printf(
				"BENCHMARK write: %d rows + %d events (%d chunks) in one transaction: %.1f s (%.0f events/s, %.0f outbox rows/s)%n",
				2L * winners, 2L * winners, 2L * winners / Outbox.CHUNK, write.toMillis() / 1000.0, writeRate,
				writeRows);
		System.out.printf(
				"BENCHMARK relay: all %d events on Kafka %.1f s after the commit (%.0f events/s) = %.2f x the transaction's time; rate %.2f x the write's%n",
				2L * winners, relay.toMillis() / 1000.0, relayRate, (double) relay.toMillis() / write.toMillis(),
				relayRate / writeRate);
		System.out.printf(
				"BENCHMARK unrelated organisation's events committed during the drain (%d): p50 %d ms, p99 %d ms, max %d ms%n",
				events.length, pct(events, 50), pct(events, 99), pct(events, 100));
		System.out.printf(
				"BENCHMARK commands committed during the drain (%d), relay only: p50 %d ms, p99 %d ms, max %d ms; sent ahead: p50 %d ms, p99 %d ms, max %d ms%n",
				commands.length, pct(commands, 50), pct(commands, 99), pct(commands, 100), pct(ahead, 50),
				pct(ahead, 99), pct(ahead, 100));
		System.out.printf(
				"BENCHMARK the WAL sender during the drain, sampled every 200 ms: %s; slot spill statistics: %s%n",
				walSender, spill);
		report.description(BenchmarkReport
			.format("`RelayBenchmark` (platform: the relay alone, no workers) writes, in one transaction, %,d rows into a "
					+ "scratch table (what a close of %,d winners writes into `ledger` and `badge_grant`) and %,d "
					+ "participant events as `Outbox#addChunked` chunks, then measures from the commit until every event "
					+ "is on Kafka. Baseline, same run: the transaction's own time. While the backlog drains, every %d ms "
					+ "a transaction of an unrelated organisation commits one participant event and two commands, "
					+ "one through the relay only, one also sent ahead (decision 11): their latency from commit to a "
					+ "consumer.", 2L * winners, winners, 2L * winners, TRICKLE_EVERY.toMillis()))
			.row("relay: commit → all events on Kafka (target ≤ 1.5× the transaction)",
					BenchmarkReport.format("%.1f s (%,.0f events/s)", relay.toMillis() / 1000.0, relayRate),
					BenchmarkReport.format("transaction: %.1f s (%,.0f events/s)", write.toMillis() / 1000.0,
							writeRate),
					"**" + BenchmarkReport.ratio(relay.toMillis(), write.toMillis()) + "**")
			.row("relay outbox rows/s ÷ the transaction's outbox rows/s",
					BenchmarkReport.format("%,.0f rows/s", relayRows),
					BenchmarkReport.format("%,.0f rows/s", writeRows), BenchmarkReport.ratio(relayRows, writeRows))
			.row("an unrelated organisation's event committed during the drain, p50 / p99 / max",
					BenchmarkReport.format("%d / %d / %d ms", pct(events, 50), pct(events, 99), pct(events, 100)))
			.row("a command committed during the drain, relay only (its lane), p50 / p99 / max",
					BenchmarkReport.format("%d / %d / %d ms", pct(commands, 50), pct(commands, 99), pct(commands, 100)),
					BenchmarkReport.format("sent ahead (decision 11): %d / %d / %d ms", pct(ahead, 50), pct(ahead, 99),
							pct(ahead, 100)),
					BenchmarkReport.ratio(pct(commands, 99), Math.max(1, pct(ahead, 99))))
			.write();
	}

	private void write(long organisation, int winners, int round) {
		this.tx.executeWithoutResult((status) -> {
			this.jdbc.sql("""
					insert into relay_benchmark_row (organisation_id, participant_id, points, notes)
					select :o, g, 10, 'bench' from generate_series(1, :n) g
					""").param("o", organisation).param("n", 2 * winners).update();
			Map<String, Object> common = Map.of("organisationId", organisation, "challengeId", 1_000 + round, "points",
					10, "reason", "challenge", "notes", "bench");
			this.outbox
				.addChunked(
						new ParticipantEvents(Topics.PARTICIPANT_EVENTS, PointsRecorded.TYPE, organisation, common,
								List.of("ledgerId", "participantType", "participantId", "participantName",
										"occurredAt"),
								"ledgerId"),
						"""
								select :r * 10000000 + g as "ledgerId", 2 as "participantType", g as "participantId",
								       null as "participantName", now() as "occurredAt"
								from generate_series(1, :n) g order by g
								""", Map.of("n", winners, "r", round));
			this.outbox.addChunked(grants(organisation), """
					select 2 as "participantType", g as "participantId", :r * 10000000 + g as "grantId",
					       now() as "grantedAt"
					from generate_series(1, :n) g order by g
					""", Map.of("n", winners, "r", round));
		});
	}

	private static ParticipantEvents grants(long organisation) {
		return new ParticipantEvents(Topics.PARTICIPANT_EVENTS, BadgeGranted.TYPE, organisation,
				Map.of("organisationId", organisation, "badgeId", 1, "badgeName", "bench", "source", "challenge"),
				List.of("participantType", "participantId", "grantId", "grantedAt"), "grantId");
	}

	private static void awaitRelayed(long events, long before) throws InterruptedException {
		while (TestMessages.endOffset(Topics.PARTICIPANT_EVENTS) - before < events) {
			Thread.sleep(200);
		}
	}

	/**
	 * Reads the participant events and the commands from their ends, noting when each
	 * trickled record arrives.
	 */
	private static void consume(Map<String, Long> arrivedAt, AtomicBoolean draining) {
		Properties props = new Properties();
		props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.bootstrapServers());
		props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
		props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
		props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
		byte[] source = Outbox.source(OTHER).getBytes(StandardCharsets.UTF_8);
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
			List<TopicPartition> partitions = new ArrayList<>();
			for (String topic : List.of(Topics.PARTICIPANT_EVENTS, Topics.COMMANDS)) {
				consumer.partitionsFor(topic).forEach((p) -> partitions.add(new TopicPartition(topic, p.partition())));
			}
			consumer.assign(partitions);
			consumer.seekToEnd(partitions);
			partitions.forEach(consumer::position);
			while (!Thread.currentThread().isInterrupted()) {
				for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
					if (Topics.COMMANDS.equals(record.topic())) {
						String key = new String(record.key(), StandardCharsets.UTF_8);
						if (key.startsWith("relay-benchmark-ahead-")) {
							arrivedAt.putIfAbsent("ahead/" + key.substring("relay-benchmark-ahead-".length()),
									System.nanoTime());
						}
						else if (key.startsWith("relay-benchmark-")) {
							arrivedAt.putIfAbsent("command/" + key.substring("relay-benchmark-".length()),
									System.nanoTime());
						}
					}
					else {
						Header header = record.headers().lastHeader("ce_source");
						if (header != null && java.util.Arrays.equals(header.value(), source)) {
							String key = new String(record.key(), StandardCharsets.UTF_8);
							arrivedAt.putIfAbsent("event/" + key.substring(2), System.nanoTime());
						}
					}
				}
			}
		}
		catch (org.apache.kafka.common.errors.InterruptException ex) {
			// done
		}
	}

	private static long[] latencies(List<String> ids, String prefix, Map<String, Long> committedAt,
			Map<String, Long> arrivedAt) {
		return ids.stream()
			.mapToLong((id) -> (arrivedAt.get(prefix + id) - committedAt.get(prefix + id)) / 1_000_000)
			.sorted()
			.toArray();
	}

	private static long pct(long[] sorted, int percentile) {
		if (sorted.length == 0) {
			return -1;
		}
		int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
	}

}
