package dev.podium.platform.metrics;

import java.time.Duration;
import java.util.Map;

import dev.podium.contracts.Topics;
import dev.podium.platform.PlatformTestApplication;
import dev.podium.platform.embedded.FreePorts;
import dev.podium.platform.error.ApiError;
import dev.podium.platform.health.KafkaHealth;
import dev.podium.platform.health.PostgresHealth;
import dev.podium.platform.job.Jobs;
import dev.podium.platform.organisation.Organisations;
import dev.podium.platform.testing.RealInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = PlatformTestApplication.class, properties = "podium.relay.enabled=false")
@ContextConfiguration(initializers = RealInfrastructure.class)
class OperationsIntegrationTests {

	@Autowired
	PostgresHealth postgres;

	@Autowired
	KafkaHealth kafka;

	@Autowired
	Jobs jobs;

	@Autowired
	Organisations organisations;

	@Autowired
	TransactionTemplate tx;

	@Autowired
	MeterRegistry meters;

	@Test
	void readinessChecksAreUpWhileTheServersAnswer() {
		assertThat(this.postgres.health(true).getStatus()).isEqualTo(Status.UP);
		assertThat(this.kafka.health(true).getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void readinessChecksAreDownWithinTheirTimeoutWhenNothingListens() {
		int dead = FreePorts.find();
		long t0 = System.nanoTime();
		assertThat(new PostgresHealth("jdbc:postgresql://127.0.0.1:" + dead + "/podium", "postgres", "postgres",
				Duration.ofSeconds(1))
			.health(true)
			.getStatus()).isEqualTo(Status.DOWN);
		KafkaHealth kafka = new KafkaHealth(Map.of("bootstrap.servers", "127.0.0.1:" + dead), Duration.ofSeconds(1));
		try {
			assertThat(kafka.health(true).getStatus()).isEqualTo(Status.DOWN);
		}
		finally {
			kafka.destroy();
		}
		assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(8));
	}

	@Test
	void aJobIsTimedByTypeAndStatusOnceItsEndCommitted() {
		long organisation = this.organisations.create("ops-" + System.nanoTime(), "UTC");
		String type = "ops-test-" + System.nanoTime();
		long rolledBack = created(organisation, type);
		this.tx.executeWithoutResult((s) -> {
			this.jobs.fail(rolledBack, ApiError.INTERNAL);
			s.setRollbackOnly();
		});
		assertThat(this.meters.find("podium.jobs").tag("type", type).timer()).isNull();

		double failedBefore = this.meters.get("podium.jobs.ended").tag("status", "failed").counter().count();
		long job = created(organisation, type);
		this.tx.executeWithoutResult((s) -> this.jobs.fail(job, ApiError.INTERNAL));
		Timer timer = this.meters.get("podium.jobs").tag("type", type).tag("status", "failed").timer();
		assertThat(timer.count()).isEqualTo(1);
		assertThat(this.meters.get("podium.jobs.ended").tag("status", "failed").counter().count())
			.isEqualTo(failedBefore + 1);
	}

	@Test
	void deadLetterCountersExistFromTheStart() {
		for (String topic : Topics.ALL) {
			assertThat(this.meters.get("podium.dead.letters").tag("topic", topic).counter()).isNotNull();
		}
	}

	@Test
	void theRelaySlotsRetainedWalIsAGauge() {
		MeterRegistry registry = new SimpleMeterRegistry();
		RelaySlotMetrics slot = new RelaySlotMetrics(JdbcClient.create(RealInfrastructure.dataSource()),
				"podium_outbox", Duration.ofSeconds(1), registry);
		assertThat(registry.get("podium.relay.slot.retained.wal").gauge().value()).isNaN();
		slot.refresh();
		assertThat(registry.get("podium.relay.slot.retained.wal").gauge().value()).isGreaterThanOrEqualTo(0);
		assertThat(registry.get("podium.relay.slot.active").gauge().value()).isIn(0.0, 1.0);
		slot.destroy();
	}

	private long created(long organisation, String type) {
		return this.tx.execute((s) -> this.jobs.create(organisation, type, null));
	}

}
