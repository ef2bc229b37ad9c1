package dev.podium.platform.relay;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.podium.contracts.JobFinished;
import dev.podium.contracts.Topics;
import dev.podium.platform.PlatformTestApplication;
import dev.podium.platform.testing.TestMessages;
import dev.podium.platform.outbox.Outbox;
import dev.podium.platform.outbox.OutboxMessage;
import dev.podium.platform.testing.RealInfrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
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
		assertThat(TestMessages.header(record, "ce_time")).isNotBlank();
		assertThat(TestMessages.header(record, "content-type")).isEqualTo("application/json");
		assertThat(record.value()).contains("\"jobId\":7").contains("\"status\":\"succeeded\"");
		assertThat(this.jdbc.sql("select count(*) from outbox where type <> :heartbeat")
			.param("heartbeat", OutboxRelay.HEARTBEAT_TYPE)
			.query(Long.class)
			.single()).as("the outbox table stays empty").isZero();
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

	private void add(String key, int sequence) {
		this.outbox
			.add(new OutboxMessage(Topics.JOB_EVENTS, key, JobFinished.TYPE, 1, null, Map.of("sequence", sequence)));
	}

	private static Set<String> distinctSequence(List<ConsumerRecord<String, String>> records) {
		return records.stream().map(ConsumerRecord::value).collect(Collectors.toSet());
	}

}
