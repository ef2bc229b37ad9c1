package dev.podium.local;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.podium.contracts.ComputeResults;
import dev.podium.contracts.PreviewClose;
import dev.podium.contracts.Topics;
import dev.podium.platform.relay.OutboxRelay;
import dev.podium.platform.testing.ApiClient;
import dev.podium.platform.testing.RealInfrastructure;
import dev.podium.platform.testing.TestMessages;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Commands reach the workers straight after their commit, not only through the relay
 * (which publishes in commit order, behind any large close committed before them); the
 * relay's copy of the same command, sent later under the same id, changes nothing. A
 * command of a challenge with another job pending goes through the relay alone, behind
 * that job's command.
 */
class CommandShortcutIntegrationTests extends StackTestSupport {

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	@Test
	void aCloseRunsWhileNoRelayRunsAndTheRelayedCopyLaterAwardsNothing() {
		long badge = jdbc.sql("insert into badge (organisation_id, name) values (:o, 'Shortcut') returning id")
			.param("o", this.tenant.organisationId())
			.query(Long.class)
			.single();
		long challenge = challengeWithResults("shortcut", badge, 30, 12, 9);
		List<OutboxRelay> relays = relays();

		relays.forEach(OutboxRelay::stop);
		try {
			ApiClient.Response closed = api.post("/challenges/close?id=" + challenge, this.tenant.admin(), null,
					Map.of("Prefer", "wait=30"));

			assertThat(closed.status()).as(closed.text()).isEqualTo(200);
			assertThat(closed.json().get("winners").asLong()).isEqualTo(2);
			assertThat(commands(challenge, 2, Duration.ofSeconds(2))).as("only the shortcut's copy, no relay running")
				.hasSize(1);
		}
		finally {
			relays.forEach(OutboxRelay::start);
		}

		List<ConsumerRecord<String, String>> copies = commands(challenge, 2, DEADLINE);
		assertThat(copies).hasSize(2);
		assertThat(TestMessages.header(copies.get(1), "ce_id")).isEqualTo(TestMessages.header(copies.get(0), "ce_id"));
		assertThat(copies.get(1).value()).isEqualTo(copies.get(0).value());
		TestMessages.awaitConsumed("close-worker", Topics.COMMANDS, DEADLINE);
		for (String table : List.of("ledger", "badge_grant")) {
			assertThat(jdbc.sql("select count(*) from " + table + " where challenge_id = :c")
				.param("c", challenge)
				.query(Long.class)
				.single()).as(table).isEqualTo(2);
		}
	}

	@Test
	void aCommandQueuedWhileAnotherJobOfItsChallengeIsPendingWaitsForTheRelayBehindIt() throws Exception {
		long challenge = challengeWithResults("in order", null);
		List<OutboxRelay> relays = relays();

		relays.forEach(OutboxRelay::stop);
		long preview;
		try (Connection holder = RealInfrastructure.dataSource().getConnection()) {
			try {
				// Holds the challenge's row lock: the compute starts, then waits here.
				holder.setAutoCommit(false);
				holder.createStatement()
					.executeQuery("select id from challenge where id = " + challenge + " for update")
					.close();
				long compute = job(api.post("/challenges/compute?id=" + challenge, this.tenant.admin(), null));
				await().atMost(DEADLINE).until(() -> "running".equals(status(compute)));

				preview = job(api.post("/challenges/preview?id=" + challenge, this.tenant.admin(), null));

				assertThat(commands(challenge, 2, Duration.ofSeconds(2))).as("the compute's command alone").hasSize(1);
				holder.rollback();
				await().atMost(DEADLINE).until(() -> "succeeded".equals(status(compute)));
				assertThat(status(preview)).isEqualTo("queued");
			}
			finally {
				relays.forEach(OutboxRelay::start);
			}
		}

		await().atMost(DEADLINE).until(() -> "succeeded".equals(status(preview)));
		assertThat(commands(challenge, 4, Duration.ofSeconds(2))).extracting((r) -> TestMessages.header(r, "ce_type"))
			.containsExactly(ComputeResults.TYPE, ComputeResults.TYPE, PreviewClose.TYPE);
	}

	private static List<OutboxRelay> relays() {
		return stack.apps().stream().flatMap((app) -> app.getBeansOfType(OutboxRelay.class).values().stream()).toList();
	}

	private static long job(ApiClient.Response queued) {
		assertThat(queued.status()).as(queued.text()).isEqualTo(202);
		return queued.json().get("jobid").asLong();
	}

	private static String status(long job) {
		return jdbc.sql("select status from job where id = :id").param("id", job).query(String.class).single();
	}

	private static List<ConsumerRecord<String, String>> commands(long challenge, int count, Duration deadline) {
		return TestMessages.read(Topics.COMMANDS, (r) -> Long.toString(challenge).equals(r.key()), count, deadline);
	}

}
