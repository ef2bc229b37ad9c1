package dev.podium.platform.relay;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.podium.contracts.JobFinished;
import dev.podium.contracts.PointsRecorded;
import dev.podium.contracts.Topics;
import dev.podium.platform.PlatformTestApplication;
import dev.podium.platform.testing.TestMessages;
import dev.podium.platform.outbox.Outbox;
import dev.podium.platform.outbox.OutboxMessage;
import dev.podium.platform.outbox.ParticipantEvents;
import dev.podium.platform.testing.RealInfrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

@SpringBootTest(classes = PlatformTestApplication.class, properties = "podium.relay.heartbeat-interval=500ms")
@ContextConfiguration(initializers = RealInfrastructure.class)
class OutboxRelayIntegrationTests {

	@Autowired
	Outbox outbox;

	@Autowired
	OutboxRelay relay;

	@Autowired
	TransactionTemplate tx;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	RelaySettings settings;

	@Autowired
	DataSourceProperties dataSource;

	@Autowired
	KafkaProperties kafka;

	@Test
	void eachOutboxRowBecomesOneRecordWithItsKeyAndCloudEventsHeaders() {
		String key = "job-" + UUID.randomUUID();
		UUID id = this.tx
			.execute((status) -> this.outbox.add(new OutboxMessage(Topics.JOB_EVENTS, key, JobFinished.TYPE, 42,
					"jobs/7", new JobFinished(7, 42, "close", "succeeded", java.time.Instant.EPOCH))));

		List<ConsumerRecord<String, String>> records = TestMessages.read(Topics.JOB_EVENTS, (r) -> key.equals(r.key()),
				1, Duration.ofSeconds(30));

		assertThat(records).hasSize(1);
		ConsumerRecord<String, String> record = records.get(0);
		assertThat(TestMessages.header(record, "ce_id")).isEqualTo(id.toString());
		assertThat(TestMessages.header(record, "ce_type")).isEqualTo("podium.job.finished.v1");
		assertThat(TestMessages.header(record, "ce_source")).isEqualTo("/podium/organisations/42");
		assertThat(TestMessages.header(record, "ce_subject")).isEqualTo("jobs/7");
		assertThat(TestMessages.header(record, "ce_specversion")).isEqualTo("1.0");
		assertThat(TestMessages.header(record, "ce_time"))
			.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");
		assertThat(TestMessages.header(record, "content-type")).isEqualTo("application/json");
		assertThat(record.value()).contains("\"jobId\":7").contains("\"status\":\"succeeded\"");
		assertThat(this.jdbc.sql("select count(*) from outbox where type <> :heartbeat")
			.param("heartbeat", OutboxRelay.HEARTBEAT_TYPE)
			.query(Long.class)
			.single()).as("the outbox table stays empty").isZero();
	}

	/**
	 * {@code ce_time} is the outbox row's {@code occurred_at} as Debezium renders a
	 * {@code timestamptz}: RFC 3339 in UTC with six fraction digits, also for a whole
	 * second.
	 */
	@Test
	void ceTimeIsTheOutboxRowsTimeInRfc3339Utc() {
		Map<String, String> expected = Map.of("2026-11-22T10:15:00Z", "2026-11-22T10:15:00.000000Z",
				"2026-11-22T10:15:00.123456Z", "2026-11-22T10:15:00.123456Z", "2026-11-22T10:15:00.1Z",
				"2026-11-22T10:15:00.100000Z");
		String prefix = "time-" + UUID.randomUUID() + "/";
		expected.keySet().forEach((time) -> {
			Outbox at = new Outbox(this.jdbc, JsonMapper.shared(), Clock.fixed(Instant.parse(time), ZoneOffset.UTC));
			this.tx.executeWithoutResult(
					(status) -> at.add(new OutboxMessage(Topics.JOB_EVENTS, prefix + time, JobFinished.TYPE, 42,
							"jobs/7", new JobFinished(7, 42, "close", "succeeded", Instant.parse(time)))));
		});

		List<ConsumerRecord<String, String>> records = TestMessages.read(Topics.JOB_EVENTS,
				(r) -> r.key().startsWith(prefix), expected.size(), Duration.ofSeconds(30));

		assertThat(records).hasSize(expected.size())
			.allSatisfy((record) -> assertThat(TestMessages.header(record, "ce_time"))
				.isEqualTo(expected.get(record.key().substring(prefix.length()))));
	}

	@Test
	void aChunkOfParticipantEventsBecomesOneRecordPerRowInOrderWithStableIds() {
		long organisation = 1_000_000 + (System.nanoTime() % 1_000_000);
		int events = Outbox.CHUNK * 2 + 7;
		long before = TestMessages.endOffset(Topics.PARTICIPANT_EVENTS);
		Map<String, Object> common = new java.util.LinkedHashMap<>();
		common.put("organisationId", organisation);
		common.put("points", 10);
		common.put("notes", "with \"quotes\" and , commas");
		long added = this.tx.execute(
				(status) -> this.outbox.addChunked(
						new ParticipantEvents(Topics.PARTICIPANT_EVENTS, PointsRecorded.TYPE, organisation, common,
								List.of("ledgerId", "participantType", "participantId", "participantName"), "ledgerId"),
						"""
								select g * 10 as "ledgerId", 2 as "participantType", g as "participantId",
								       case when g % 2 = 0 then 'Name ' || g end as "participantName"
								from generate_series(1, :n) g order by g
								""", Map.of("n", events)));

		assertThat(added).isEqualTo(events);
		String source = "/podium/organisations/" + organisation;
		List<ConsumerRecord<String, String>> records = new java.util.ArrayList<>(
				TestMessages.read(Topics.PARTICIPANT_EVENTS, (r) -> source.equals(TestMessages.header(r, "ce_source")),
						events, Duration.ofSeconds(60)));
		assertThat(records).hasSize(events);
		assertThat(TestMessages.endOffset(Topics.PARTICIPANT_EVENTS) - before).isEqualTo(events);
		records.sort(java.util.Comparator.comparing((r) -> Long.parseLong(r.key().substring(2))));
		for (int i = 0; i < events; i++) {
			ConsumerRecord<String, String> record = records.get(i);
			long participant = i + 1;
			assertThat(record.key()).isEqualTo("2:" + participant);
			assertThat(TestMessages.header(record, "ce_type")).isEqualTo(PointsRecorded.TYPE);
			assertThat(TestMessages.header(record, "ce_subject")).isEqualTo("participants/2:" + participant);
			assertThat(TestMessages.header(record, "ce_id")).isEqualTo(UUID
				.nameUUIDFromBytes((PointsRecorded.TYPE + "/" + participant * 10).getBytes(StandardCharsets.UTF_8))
				.toString());
		}
		JsonNode even = JsonMapper.shared().readTree(records.get(1).value());
		assertThat(even.get("organisationId").asLong()).isEqualTo(organisation);
		assertThat(even.get("ledgerId").asLong()).isEqualTo(20);
		assertThat(even.get("participantName").asString()).isEqualTo("Name 2");
		assertThat(even.get("notes").asString()).isEqualTo("with \"quotes\" and , commas");
		assertThat(JsonMapper.shared().readTree(records.get(0).value()).get("participantName").isNull()).isTrue();
		assertThat(this.jdbc.sql("select count(*) from outbox where type <> :heartbeat")
			.param("heartbeat", OutboxRelay.HEARTBEAT_TYPE)
			.query(Long.class)
			.single()).as("the outbox table stays empty").isZero();
	}

	@Test
	void chunksAreWrittenInTheQuerysOrder() {
		long organisation = 2_000_000 + (System.nanoTime() % 1_000_000);
		int events = Outbox.CHUNK * 3;
		this.tx
			.execute(
					(status) -> this.outbox
						.addChunked(
								new ParticipantEvents(Topics.PARTICIPANT_EVENTS, PointsRecorded.TYPE, organisation,
										Map.of(), List.of("ledgerId", "participantType", "participantId"), "ledgerId"),
								"""
										select g as "ledgerId", 2 as "participantType", mod(g, 3) as "participantId"
										from generate_series(1, :n) g order by g
										""", Map.of("n", events)));

		String source = "/podium/organisations/" + organisation;
		List<ConsumerRecord<String, String>> records = TestMessages.read(Topics.PARTICIPANT_EVENTS,
				(r) -> source.equals(TestMessages.header(r, "ce_source")), events, Duration.ofSeconds(60));
		assertThat(records).hasSize(events);
		// Each participant's events arrive in the query's order (one key, one partition).
		Map<String, List<Long>> byKey = records.stream()
			.collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.mapping(
					(r) -> JsonMapper.shared().readTree(r.value()).get("ledgerId").asLong(), Collectors.toList())));
		assertThat(byKey).hasSize(3);
		byKey.values().forEach((ledgerIds) -> assertThat(ledgerIds).isSorted().hasSize(Outbox.CHUNK));
	}

	@Test
	void participantEventsCarryAGapFreeIncreasingSequencePerParticipant() {
		long organisation = 3_000_000 + (System.nanoTime() % 1_000_000);
		String source = "/podium/organisations/" + organisation;
		ParticipantEvents events = new ParticipantEvents(Topics.PARTICIPANT_EVENTS, PointsRecorded.TYPE, organisation,
				Map.of(), List.of("ledgerId", "participantType", "participantId"), "ledgerId");
		// Two participants: 1,200 chunked events each across two transactions, then one
		// single event each.
		for (int round = 0; round < 2; round++) {
			int offset = round * 1200;
			this.tx.execute((status) -> this.outbox.addChunked(events, """
					select :offset + g as "ledgerId", 2 as "participantType", mod(g, 2) as "participantId"
					from generate_series(1, 1200) g order by g
					""", Map.of("offset", offset)));
		}
		for (long participant = 0; participant < 2; participant++) {
			long p = participant;
			this.tx.execute((status) -> this.outbox.add(new OutboxMessage(Topics.PARTICIPANT_EVENTS, "2:" + p,
					PointsRecorded.TYPE, organisation, "participants/2:" + p,
					new PointsRecorded(organisation, 9000 + p, 2, p, null, 5, 3, null, "", java.time.Instant.EPOCH))));
		}

		List<ConsumerRecord<String, String>> records = TestMessages.read(Topics.PARTICIPANT_EVENTS,
				(r) -> source.equals(TestMessages.header(r, "ce_source")), 2402, Duration.ofSeconds(60));
		assertThat(records).hasSize(2402);
		Map<String, List<ConsumerRecord<String, String>>> byKey = records.stream()
			.collect(Collectors.groupingBy(ConsumerRecord::key));
		for (List<ConsumerRecord<String, String>> ofOne : byKey.values()) {
			assertThat(ofOne).hasSize(1201);
			for (int i = 0; i < ofOne.size(); i++) {
				JsonNode body = JsonMapper.shared().readTree(ofOne.get(i).value());
				assertThat(body.get("sequence").asLong()).isEqualTo(i + 1);
				assertThat(Long.parseLong(TestMessages.header(ofOne.get(i), "ce_sequence"))).isEqualTo(i + 1);
			}
			assertThat(JsonMapper.shared().readTree(ofOne.get(1200).value()).get("ledgerId").asLong())
				.isGreaterThanOrEqualTo(9000);
		}
	}

	/**
	 * Rows of one organisation committed after a large backlog of another's are published
	 * in its lane, before the backlog is through (decision 13).
	 */
	@Test
	void anotherOrganisationsEventDoesNotWaitForALargeBacklog() {
		long big = 5_000_000 + (System.nanoTime() % 1_000_000);
		long other = big + 1_000_000;
		int events = 200 * Outbox.CHUNK;
		ParticipantEvents backlog = new ParticipantEvents(Topics.PARTICIPANT_EVENTS, PointsRecorded.TYPE, big, Map.of(),
				List.of("ledgerId", "participantType", "participantId"), "ledgerId");
		this.tx.execute((status) -> this.outbox.addChunked(backlog, """
				select g as "ledgerId", 2 as "participantType", g as "participantId"
				from generate_series(1, :n) g order by g
				""", Map.of("n", events)));
		this.tx.execute((status) -> this.outbox
			.add(new OutboxMessage(Topics.PARTICIPANT_EVENTS, "2:1", PointsRecorded.TYPE, other, "participants/2:1",
					new PointsRecorded(other, 1, 2, 1, null, 5, 3, null, "", java.time.Instant.EPOCH))));

		String bigSource = "/podium/organisations/" + big;
		String otherSource = "/podium/organisations/" + other;
		List<ConsumerRecord<String, String>> records = TestMessages.read(Topics.PARTICIPANT_EVENTS, (r) -> {
			String source = TestMessages.header(r, "ce_source");
			return bigSource.equals(source) || otherSource.equals(source);
		}, events + 1, Duration.ofSeconds(120));
		assertThat(records).hasSize(events + 1);
		long otherSent = records.stream()
			.filter((r) -> otherSource.equals(TestMessages.header(r, "ce_source")))
			.mapToLong(ConsumerRecord::timestamp)
			.min()
			.orElseThrow();
		long lastOfBacklog = records.stream()
			.filter((r) -> bigSource.equals(TestMessages.header(r, "ce_source")))
			.mapToLong(ConsumerRecord::timestamp)
			.max()
			.orElseThrow();
		assertThat(otherSent).as("the other organisation's event was sent before the backlog's last")
			.isLessThan(lastOfBacklog);
	}

	/**
	 * Under a load that never lets the outstanding rows run out, the relay still stores
	 * its offsets within {@code longest-without-commit}, so the slot's confirmed position
	 * moves on (decision 13): here rows are written far faster than a relay with one
	 * record in flight publishes them, and its read-ahead keeps a few hundred of them
	 * outstanding at every batch.
	 */
	@Test
	void offsetsAreStoredWithinTheBoundWhileRowsStayOutstanding() throws Exception {
		awaitLeader();
		RelaySettings s = this.settings;
		RelaySettings slow = new RelaySettings(s.enabled(), s.slotName(), s.publicationName(), s.pollInterval(),
				s.retryDelay(), s.offsetFlushInterval(), s.heartbeatInterval(), DataSize.ofKilobytes(64), 1,
				s.compression(), Duration.ofSeconds(2));
		OutboxRelay bounded = new OutboxRelay(slow, this.dataSource.determineUrl(), this.dataSource.determineUsername(),
				this.dataSource.determinePassword(), this.kafka.buildProducerProperties(), new SimpleMeterRegistry());
		String key = "never-lets-up-" + UUID.randomUUID();
		AtomicBoolean writing = new AtomicBoolean(true);
		AtomicInteger written = new AtomicInteger();
		this.relay.stop();
		bounded.start();
		Thread writer = Thread.ofPlatform().name("never-lets-up").start(() -> {
			while (writing.get()) {
				this.tx.executeWithoutResult(
						(status) -> IntStream.range(0, 20).forEach((i) -> add(key, written.getAndIncrement())));
				LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
			}
		});
		try {
			// The bounded relay took the slot and is behind: its read-ahead is full.
			await().atMost(Duration.ofSeconds(30)).until(() -> bounded.relayedCount() >= 200);
			String confirmed = slotConfirmed();
			await().atMost(Duration.ofSeconds(20))
				.until(() -> this.jdbc.sql("select cast(:now as pg_lsn) > cast(:before as pg_lsn)")
					.param("now", slotConfirmed())
					.param("before", confirmed)
					.query(Boolean.class)
					.single());
			assertThat(written.get() - bounded.relayedCount()).as("rows written and not yet published")
				.isGreaterThan(100);
		}
		finally {
			writing.set(false);
			writer.join();
			bounded.stop();
			this.relay.start();
		}
	}

	/**
	 * A thread of the lanes that dies of anything, an error included, ends the engine's
	 * run: it never leaves the engine waiting for rows that will not be published.
	 */
	@Test
	void aNumberingThreadThatDiesEndsTheRun() throws Exception {
		Schema rowSchema = SchemaBuilder.struct();
		Stream.of("id", "topic", "message_key", "type", "source", "subject", "occurred_at", "payload")
			.forEach((field) -> ((SchemaBuilder) rowSchema).field(field, Schema.OPTIONAL_STRING_SCHEMA));
		Schema envelope = SchemaBuilder.struct().field("op", Schema.STRING_SCHEMA).field("after", rowSchema).build();
		Struct row = new Struct(rowSchema).put("id", UUID.randomUUID().toString())
			.put("topic", Topics.JOB_EVENTS)
			.put("message_key", "dying")
			.put("type", JobFinished.TYPE)
			.put("source", "/podium/organisations/1")
			.put("occurred_at", "2026-12-02T00:00:00Z")
			.put("payload", "{}");
		Relayed relayed = Relayed.of(new SourceRecord(Map.of(), Map.of(), "outbox", envelope,
				new Struct(envelope).put("op", "c").put("after", row)));
		CountDownLatch failed = new CountDownLatch(1);
		Map<String, Object> producerProperties = this.kafka.buildProducerProperties();
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties, new StringSerializer(),
				new StringSerializer());
				Lanes<String> lanes = new Lanes<>("dying", producer, 1 << 20, 10, Duration.ofMinutes(2), (rows) -> {
					throw new StackOverflowError("numbering died");
				}, (published) -> {
				}, failed::countDown)) {
			lanes.accept("first", relayed);

			assertThat(failed.await(30, TimeUnit.SECONDS)).as("the run was told to end").isTrue();
			assertThatIllegalStateException().isThrownBy(() -> lanes.accept("second", relayed))
				.withRootCauseInstanceOf(StackOverflowError.class);
		}
	}

	@Test
	void aRolledBackTransactionPublishesNothing() {
		String key = "rolled-back-" + UUID.randomUUID();
		String committed = "committed-" + UUID.randomUUID();
		this.tx.executeWithoutResult((status) -> {
			add(key, 1);
			status.setRollbackOnly();
		});
		this.tx.executeWithoutResult((status) -> add(committed, 1));

		// The committed row came after the rolled-back one: once it is read, the other
		// would have been too.
		assertThat(TestMessages.read(Topics.JOB_EVENTS, (r) -> committed.equals(r.key()), 1, Duration.ofSeconds(30)))
			.hasSize(1);
		assertThat(TestMessages.read(Topics.JOB_EVENTS, (r) -> key.equals(r.key()), 1, Duration.ofSeconds(2)))
			.isEmpty();
	}

	@Test
	void aStandbyWaitsForTheSlotAndTakesOverWhenTheLeaderStops() {
		awaitLeader();
		OutboxRelay standby = new OutboxRelay(this.settings, this.dataSource.determineUrl(),
				this.dataSource.determineUsername(), this.dataSource.determinePassword(),
				this.kafka.buildProducerProperties(), new SimpleMeterRegistry());
		standby.start();
		try {
			String beforeKey = "before-" + UUID.randomUUID();
			this.tx.executeWithoutResult((status) -> IntStream.range(0, 50).forEach((i) -> add(beforeKey, i)));
			assertThat(
					TestMessages.read(Topics.JOB_EVENTS, (r) -> beforeKey.equals(r.key()), 50, Duration.ofSeconds(30)))
				.hasSize(50);
			assertThat(standby.relayedCount()).as("the standby relays nothing while the leader holds the slot")
				.isZero();

			this.relay.stop();
			String afterKey = "after-" + UUID.randomUUID();
			this.tx.executeWithoutResult((status) -> IntStream.range(0, 50).forEach((i) -> add(afterKey, i)));

			List<ConsumerRecord<String, String>> after = TestMessages.read(Topics.JOB_EVENTS,
					(r) -> afterKey.equals(r.key()), 50, Duration.ofSeconds(60));
			assertThat(distinctSequence(after)).hasSize(50);
			assertThat(standby.relayedCount()).isGreaterThanOrEqualTo(50);
		}
		finally {
			standby.stop();
			this.relay.start();
		}
	}

	@Test
	void aRestartedRelayResumesWithoutLoss() {
		awaitLeader();
		this.relay.stop();
		String key = "while-down-" + UUID.randomUUID();
		this.tx.executeWithoutResult((status) -> IntStream.range(0, 100).forEach((i) -> add(key, i)));
		this.relay.start();

		List<ConsumerRecord<String, String>> records = TestMessages.read(Topics.JOB_EVENTS, (r) -> key.equals(r.key()),
				100, Duration.ofSeconds(60));
		assertThat(distinctSequence(records)).hasSize(100);
	}

	@Test
	void anIdleRelayConfirmsItsPositionSoTheSlotReleasesWal() {
		awaitLeader();
		// WAL written by other tables only: the outbox publication sees none of it.
		this.jdbc.sql("insert into organisation (name) values ('wal')").update();
		String written = this.jdbc.sql("select pg_current_wal_lsn()::text").query(String.class).single();

		await().atMost(Duration.ofSeconds(30)).until(() -> this.jdbc.sql("""
				select confirmed_flush_lsn >= cast(:written as pg_lsn) from pg_replication_slots
				where slot_name = :slot
				""").param("written", written).param("slot", this.settings.slotName()).query(Boolean.class).single());
	}

	@Test
	void aRelayRestartedAfterAnIdlePeriodFindsItsPosition() {
		awaitLeader();
		String key = "after-idle-" + UUID.randomUUID();
		this.tx.executeWithoutResult((status) -> add(key, 0));
		assertThat(TestMessages.read(Topics.JOB_EVENTS, (r) -> key.equals(r.key()), 1, Duration.ofSeconds(30)))
			.hasSize(1);
		anIdleRelayConfirmsItsPositionSoTheSlotReleasesWal();
		this.relay.stop();
		this.jdbc.sql("insert into organisation (name) values ('wal while stopped')").update();
		this.relay.start();

		this.tx.executeWithoutResult((status) -> add(key, 1));
		assertThat(TestMessages.read(Topics.JOB_EVENTS, (r) -> key.equals(r.key()), 2, Duration.ofSeconds(30)))
			.hasSize(2);
	}

	private void awaitLeader() {
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.sql("select active from pg_replication_slots where slot_name = :slot")
				.param("slot", this.settings.slotName())
				.query(Boolean.class)
				.single());
	}

	private String slotConfirmed() {
		return this.jdbc.sql("select confirmed_flush_lsn::text from pg_replication_slots where slot_name = :slot")
			.param("slot", this.settings.slotName())
			.query(String.class)
			.single();
	}

	private void add(String key, int sequence) {
		this.outbox
			.add(new OutboxMessage(Topics.JOB_EVENTS, key, JobFinished.TYPE, 1, null, Map.of("sequence", sequence)));
	}

	private static Set<String> distinctSequence(List<ConsumerRecord<String, String>> records) {
		return records.stream().map(ConsumerRecord::value).collect(Collectors.toSet());
	}

}
