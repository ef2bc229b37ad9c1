package dev.podium.local;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.podium.contracts.Topics;
import dev.podium.platform.testing.ApiClient;
import dev.podium.platform.testing.RealInfrastructure;
import dev.podium.platform.testing.TestMessages;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The close-worker's two lanes: a close of a challenge with more participants than the
 * bulk threshold (10,000) is queued on {@code podium.bulk-commands}, and while it runs, a
 * small close whose key hashes to the same partition (where it would have waited behind
 * it on one topic) completes. Commands of one challenge in the two lanes may run at once:
 * the challenge's row lock orders them.
 */
class BulkLaneIntegrationTests extends StackTestSupport {

	private static final Duration DEADLINE = Duration.ofSeconds(60);

	@Test
	void aLargeCloseRunsInTheBulkLaneAndDoesNotHoldUpASmallCloseOfItsPartition() throws Exception {
		long organisation = this.tenant.organisationId();
		long large = EdgeBenchmark.prepareChallenges(jdbc, organisation, 1).get(0);
		jdbc.sql("""
				insert into challenge_result (challenge_id, participant_type, participant_id, metric_value, met, rank,
				                              computed_at)
				select :c, 2, g, 5, true, 1, now() from generate_series(4, 10001) g
				""").param("c", large).update();
		int partitions = partitions(Topics.COMMANDS);
		long small = EdgeBenchmark.prepareChallenges(jdbc, organisation, 12)
			.stream()
			.filter((id) -> partition(id, partitions) == partition(large, partitions))
			.findFirst()
			.orElseThrow();

		try (Connection holder = RealInfrastructure.dataSource().getConnection()) {
			// Holds the large challenge's row lock: its close starts, then waits here.
			holder.setAutoCommit(false);
			try (PreparedStatement lock = holder.prepareStatement("select id from challenge where id = ? for update")) {
				lock.setLong(1, large);
				lock.executeQuery().close();
			}
			long largeJob = api.post("/challenges/close?id=" + large, this.tenant.admin(), null)
				.json()
				.get("jobid")
				.asLong();
			await().atMost(DEADLINE).until(() -> "running".equals(status(largeJob)));

			ApiClient.Response smallClose = api.post("/challenges/close?id=" + small, this.tenant.admin(), null,
					Map.of("Prefer", "wait=30"));

			assertThat(smallClose.status()).as(smallClose.text()).isEqualTo(200);
			assertThat(smallClose.json().get("winners").asLong()).isEqualTo(3);
			assertThat(status(largeJob)).isEqualTo("running");
			holder.rollback();
			await().atMost(DEADLINE).until(() -> "succeeded".equals(status(largeJob)));
		}
		assertThat(jdbc.sql("select count(*) from ledger where challenge_id = :c")
			.param("c", large)
			.query(Long.class)
			.single()).isEqualTo(10_001);
		// One command on each lane: on Kafka once or twice under one id (sent ahead of
		// the
		// relay, then by it: decision 11).
		assertThat(commandIds(Topics.BULK_COMMANDS, large)).hasSize(1);
		assertThat(commandIds(Topics.COMMANDS, small)).hasSize(1);
	}

	@Test
	void aComputeOrUploadThatWaitedForAConcurrentCloseFindsTheChallengeClosedAndChangesNothing() throws Exception {
		long organisation = this.tenant.organisationId();
		List<Long> challenges = EdgeBenchmark.prepareChallenges(jdbc, organisation, 2);
		long computed = challenges.get(0);
		long uploaded = challenges.get(1);
		try (Connection closer = RealInfrastructure.dataSource().getConnection()) {
			// Stands for a close in the other lane: it holds the challenges' row locks
			// and
			// marks them closed; the compute and the upload wait for it.
			closer.setAutoCommit(false);
			try (PreparedStatement close = closer
				.prepareStatement("update challenge set closed = true where id = any (?)")) {
				close.setArray(1, closer.createArrayOf("bigint", challenges.toArray()));
				close.executeUpdate();
			}
			long computeJob = api.post("/challenges/compute?id=" + computed, this.tenant.admin(), null)
				.json()
				.get("jobid")
				.asLong();
			var upload = java.util.concurrent.CompletableFuture
				.supplyAsync(() -> api.send("PUT", "/challenges/results?id=" + uploaded, this.tenant.admin(),
						List.of(Map.of("participantid", 9, "metricvalue", 1)), Map.of()));
			await().atMost(DEADLINE).until(() -> jdbc.sql("""
					select count(*) from pg_stat_activity
					where wait_event_type = 'Lock' and query like '%from challenge%for update%'
					""").query(Long.class).single() == 2);
			closer.commit();

			await().atMost(DEADLINE).until(() -> "failed".equals(status(computeJob)));
			assertThat(upload.get().status()).isEqualTo(409);
			assertThat(upload.get().json().get("error").asString()).contains("closed");
		}
		assertThat(jdbc
			.sql("select error ->> 'error' from job where id = (select max(id) from job where "
					+ "organisation_id = :o and type = 'compute')")
			.param("o", organisation)
			.query(String.class)
			.single()).contains("closed");
		assertThat(jdbc.sql("select count(*) from challenge_result where challenge_id = any (:c::bigint[])")
			.param("c", challenges.toArray(Long[]::new))
			.query(Long.class)
			.single()).isEqualTo(6);
	}

	private static String status(long job) {
		return jdbc.sql("select status from job where id = :id").param("id", job).query(String.class).single();
	}

	/** The default partitioner's choice for a key. */
	private static int partition(long key, int partitions) {
		return Utils.toPositive(Utils.murmur2(Long.toString(key).getBytes(StandardCharsets.UTF_8))) % partitions;
	}

	private static int partitions(String topic) throws Exception {
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.bootstrapServers()))) {
			return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
		}
	}

	private static List<String> commandIds(String topic, long challenge) {
		return TestMessages.read(topic, (r) -> Long.toString(challenge).equals(r.key()), 3, Duration.ofSeconds(3))
			.stream()
			.map((r) -> TestMessages.header(r, "ce_id"))
			.distinct()
			.toList();
	}

}
