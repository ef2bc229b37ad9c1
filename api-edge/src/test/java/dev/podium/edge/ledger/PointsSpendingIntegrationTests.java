package dev.podium.edge.ledger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.podium.contracts.PointsRecorded;
import dev.podium.contracts.Topics;
import dev.podium.edge.EdgeTest;
import dev.podium.edge.EdgeTestSupport;
import dev.podium.platform.testing.ApiClient;
import dev.podium.platform.testing.TestMessages;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /challenges/points/spend}: rows, balances and events; overdraws refused
 * with the balance, exactly, under concurrency; validation; idempotency keys; and
 * {@code POST /challenges/points/expire}'s job.
 */
@EdgeTest
class PointsSpendingIntegrationTests extends EdgeTestSupport {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Challenge ids for earned rows (the ledger has no foreign key to challenges). */
	private static final AtomicLong FAKE_CHALLENGES = new AtomicLong(9_000_000_000L);

	@Autowired
	JdbcClient jdbc;

	@Test
	void aRedeemAppendsANegativeRowAndAnswersItWithTheNewBalance() {
		earn(2, 17, 100);
		this.jdbc.sql("insert into participant values (:o, 2, 17, 'Ada')")
			.param("o", this.tenant.organisationId())
			.update();

		ApiClient.Response spent = spend(Map.of("participanttype", 2, "participantid", 17, "points", 30, "reason", 1,
				"notes", "coffee voucher"));

		assertThat(spent.status()).as(spent.text()).isEqualTo(201);
		JsonNode row = spent.json().get("row");
		assertThat(spent.json().get("balance").asLong()).isEqualTo(70);
		assertThat(row.get("points").asLong()).isEqualTo(-30);
		assertThat(row.get("reason").asInt()).isEqualTo(1);
		assertThat(row.get("reasonlabel").asString()).isEqualTo("redeemed");
		assertThat(row.get("notes").asString()).isEqualTo("coffee voucher");
		assertThat(row.get("participantname").asString()).isEqualTo("Ada");
		JsonNode listed = this.api.get("/challenges/points?participanttype=2&participantid=17", this.tenant.viewer())
			.json();
		assertThat(listed.get("totalpoints").asLong()).isEqualTo(70);
		assertThat(listed.at("/rows/0")).isEqualTo(row);
	}

	@Test
	void everyRowIsAnnouncedAsPointsRecordedKeyedByParticipant() {
		earn(2, 18, 100);

		long ledgerId = spend(Map.of("participanttype", 2, "participantid", 18, "points", 40, "reason", 1)).json()
			.at("/row/id")
			.asLong();

		List<ConsumerRecord<String, String>> events = TestMessages
			.read(Topics.PARTICIPANT_EVENTS,
					(r) -> PointsRecorded.TYPE.equals(TestMessages.header(r, "ce_type"))
							&& JSON.readTree(r.value()).get("ledgerId").asLong() == ledgerId,
					1, Duration.ofSeconds(30));
		assertThat(events).hasSize(1);
		ConsumerRecord<String, String> event = events.get(0);
		assertThat(event.key()).isEqualTo("2:18");
		assertThat(TestMessages.header(event, "ce_subject")).isEqualTo("participants/2:18");
		PointsRecorded recorded = JSON.readValue(event.value(), PointsRecorded.class);
		assertThat(recorded.organisationId()).isEqualTo(this.tenant.organisationId());
		assertThat(recorded.points()).isEqualTo(-40);
		assertThat(recorded.reason()).isEqualTo(1);
		assertThat(recorded.challengeId()).isNull();
	}

	@Test
	void aDebitBeyondTheBalanceIsAConflictCarryingTheBalanceAndWritesNothing() {
		earn(2, 19, 50);

		ApiClient.Response refused = spend(
				Map.of("participanttype", 2, "participantid", 19, "points", 51, "reason", 1));
		ApiClient.Response stranger = spend(
				Map.of("participanttype", 1, "participantid", 19, "points", 1, "reason", 2));

		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.json().get("code").asString()).isEqualTo("insufficient_points");
		assertThat(refused.json().get("error").asString()).isEqualTo("insufficient points");
		assertThat(refused.json().get("balance").asLong()).isEqualTo(50);
		assertThat(stranger.status()).isEqualTo(409);
		assertThat(stranger.json().get("balance").asLong()).isZero();
		assertThat(rows()).isEqualTo(1);
		assertThat(spend(Map.of("participanttype", 2, "participantid", 19, "points", 50, "reason", 2)).json()
			.get("balance")
			.asLong()).isZero();
	}

	@Test
	void anAdjustmentCreditsOrDebitsAsItsDirectionSays() {
		ApiClient.Response credit = spend(
				Map.of("participanttype", 0, "participantid", 3, "points", 25, "reason", 3, "direction", "credit"));
		ApiClient.Response debit = spend(
				Map.of("participanttype", 0, "participantid", 3, "points", 10, "reason", 3, "direction", "DEBIT"));
		ApiClient.Response overdraw = spend(
				Map.of("participanttype", 0, "participantid", 3, "points", 16, "reason", 3, "direction", "debit"));

		assertThat(credit.status()).as(credit.text()).isEqualTo(201);
		assertThat(credit.json().at("/row/points").asLong()).isEqualTo(25);
		assertThat(credit.json().at("/row/reasonlabel").asString()).isEqualTo("adjusted");
		assertThat(debit.json().at("/row/points").asLong()).isEqualTo(-10);
		assertThat(debit.json().get("balance").asLong()).isEqualTo(15);
		assertThat(overdraw.status()).isEqualTo(409);
		assertThat(overdraw.json().get("balance").asLong()).isEqualTo(15);
	}

	@Test
	void theFieldsMayComeInTheQueryString() {
		earn(2, 20, 10);

		ApiClient.Response spent = this.api.post(
				"/challenges/points/spend?participanttype=2&participantid=20&points=4&reason=1&notes=via%20query",
				this.tenant.admin(), null);

		assertThat(spent.status()).as(spent.text()).isEqualTo(201);
		assertThat(spent.json().get("balance").asLong()).isEqualTo(6);
		assertThat(spent.json().at("/row/notes").asString()).isEqualTo("via query");
	}

	@Test
	void everyInvalidSpendIsRefusedNamingItsField() {
		Map<String, Object> valid = Map.of("participanttype", 2, "participantid", 1, "points", 5, "reason", 1);
		List<Object[]> cases = List.of(new Object[] { "participanttype", null, "participanttype" },
				new Object[] { "participanttype", 5, "participanttype" },
				new Object[] { "participantid", null, "participantid" },
				new Object[] { "participantid", -2, "participantid" }, new Object[] { "points", null, "points" },
				new Object[] { "points", 0, "points" }, new Object[] { "points", -5, "points" },
				new Object[] { "points", 2.5, "points" }, new Object[] { "points", "many", "points" },
				new Object[] { "reason", null, "reason" }, new Object[] { "reason", 0, "reason" },
				new Object[] { "reason", 4, "reason" }, new Object[] { "direction", "credit", "direction" },
				new Object[] { "notes", "x".repeat(1001), "notes" }, new Object[] { "notes", 12, "notes" });
		for (Object[] c : cases) {
			Map<String, Object> body = new HashMap<>(valid);
			body.put((String) c[0], c[1]);
			ApiClient.Response answer = spend(body);
			assertThat(answer.status()).as(c[0] + "=" + c[1]).isEqualTo(400);
			assertThat(answer.json().get("field").asString()).as(c[0] + "=" + c[1]).isEqualTo(c[2]);
		}
		Map<String, Object> adjust = new HashMap<>(valid);
		adjust.put("reason", 3);
		assertThat(spend(adjust).json().get("field").asString()).isEqualTo("direction");
		adjust.put("direction", "sideways");
		assertThat(spend(adjust).json().get("field").asString()).isEqualTo("direction");
		assertThat(rows()).isZero();
	}

	@Test
	void onlyAnAdminMaySpend() {
		earn(2, 1, 10);
		Map<String, Object> body = Map.of("participanttype", 2, "participantid", 1, "points", 1, "reason", 1);

		assertThat(this.api.post("/challenges/points/spend", this.tenant.coordinator(), body).status()).isEqualTo(403);
		assertThat(this.api.post("/challenges/points/spend", this.tenant.viewer(), body).status()).isEqualTo(403);
		assertThat(this.api.post("/challenges/points/spend", this.tenant.participant(), body).status()).isEqualTo(403);
		assertThat(rows()).isEqualTo(1);
	}

	@Test
	void aReplayedSpendWithTheSameIdempotencyKeyWritesOneRow() {
		earn(2, 21, 100);
		Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
		Map<String, Object> body = Map.of("participanttype", 2, "participantid", 21, "points", 30, "reason", 1);

		ApiClient.Response first = this.api.post("/challenges/points/spend", this.tenant.admin(), body, key);
		ApiClient.Response again = this.api.post("/challenges/points/spend", this.tenant.admin(), body, key);

		assertThat(first.status()).isEqualTo(201);
		assertThat(again.status()).isEqualTo(201);
		assertThat(again.text()).isEqualTo(first.text());
		assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(rows()).isEqualTo(2);
		assertThat(balance(2, 21)).isEqualTo(70);
	}

	/**
	 * 32 clients race 200 redeems of 7 points against a balance of 500: exactly floor(500
	 * / 7) = 71 succeed, the other 129 are refused with a balance below 7, and 3 points
	 * remain.
	 */
	@Test
	void concurrentRedeemsNeverOverdrawAndExactlyAsManySucceedAsTheBalanceAllows() throws Exception {
		long balance = 500;
		int amount = 7;
		int attempts = 200;
		earn(2, 22, balance);
		AtomicInteger succeeded = new AtomicInteger();
		AtomicInteger refused = new AtomicInteger();
		List<String> unexpected = new ArrayList<>();
		Map<String, Object> body = Map.of("participanttype", 2, "participantid", 22, "points", amount, "reason", 1);
		try (ExecutorService clients = Executors.newFixedThreadPool(32)) {
			List<CompletableFuture<Void>> all = new ArrayList<>();
			for (int i = 0; i < attempts; i++) {
				all.add(CompletableFuture.runAsync(() -> {
					ApiClient.Response answer = this.api.post("/challenges/points/spend", this.tenant.admin(), body);
					if (answer.status() == 201) {
						succeeded.incrementAndGet();
					}
					else if (answer.status() == 409 && answer.json().get("balance").asLong() < amount) {
						refused.incrementAndGet();
					}
					else {
						synchronized (unexpected) {
							unexpected.add(answer.status() + " " + answer.text());
						}
					}
				}, clients));
			}
			CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
		}

		assertThat(unexpected).isEmpty();
		assertThat(succeeded.get()).isEqualTo((int) (balance / amount));
		assertThat(refused.get()).isEqualTo(attempts - (int) (balance / amount));
		assertThat(balance(2, 22)).isEqualTo(balance % amount);
		assertThat(rows()).isEqualTo(1 + balance / amount);
	}

	@Test
	void anExpiryRunIsAJobOnlyWhenTheOrganisationHasAPolicy() {
		ApiClient.Response withoutPolicy = this.api.post("/challenges/points/expire", this.tenant.admin(), null);
		this.api.send("PUT", "/organisation", this.tenant.admin(), Map.of("pointsexpirydays", 30), Map.of());
		ApiClient.Response queued = this.api.post("/challenges/points/expire", this.tenant.admin(), null);

		assertThat(withoutPolicy.status()).isEqualTo(409);
		assertThat(withoutPolicy.json().get("code").asString()).isEqualTo("no_expiry_policy");
		assertThat(queued.status()).as(queued.text()).isEqualTo(202);
		long job = queued.json().get("jobid").asLong();
		assertThat(queued.header("Location")).isEqualTo("/jobs/" + job);
		assertThat(this.api.get("/jobs/" + job, this.tenant.admin()).json().get("type").asString())
			.isEqualTo("expire-points");
		assertThat(this.api.post("/challenges/points/expire", this.tenant.coordinator(), null).status()).isEqualTo(403);
	}

	private ApiClient.Response spend(Map<String, Object> body) {
		return this.api.post("/challenges/points/spend", this.tenant.admin(), body);
	}

	private void earn(int type, long id, long points) {
		this.jdbc.sql("""
				insert into ledger (organisation_id, challenge_id, participant_type, participant_id, points, reason)
				values (:o, :challenge, :type, :id, :points, 0)
				""")
			.param("o", this.tenant.organisationId())
			.param("challenge", FAKE_CHALLENGES.incrementAndGet())
			.param("type", type)
			.param("id", id)
			.param("points", points)
			.update();
	}

	private long rows() {
		return this.jdbc.sql("select count(*) from ledger where organisation_id = :o")
			.param("o", this.tenant.organisationId())
			.query(Long.class)
			.single();
	}

	private long balance(int type, long id) {
		return this.jdbc.sql("""
				select coalesce(sum(points), 0) from ledger
				where organisation_id = :o and participant_type = :type and participant_id = :id
				""")
			.param("o", this.tenant.organisationId())
			.param("type", type)
			.param("id", id)
			.query(Long.class)
			.single();
	}

}
