package dev.podium.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import dev.podium.contracts.PointsRecorded;
import dev.podium.contracts.Topics;
import dev.podium.platform.testing.ApiClient;
import dev.podium.platform.testing.TestMessages;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Points expiry through the whole pipeline ({@code POST /challenges/points/expire} →
 * outbox → relay → close-worker → job end and events), and racing redeems on the edge.
 */
class PointsExpiryFlowIntegrationTests extends StackTestSupport {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void anExpiryRunExpiresOldPointsAnnouncesEachRowAndASecondRunWritesNothing() {
		policy(30);
		jdbc.sql("insert into participant values (:o, 2, 1, 'Ada')").param("o", this.tenant.organisationId()).update();
		credit(2, 1, 100, 40);
		credit(2, 1, 20, 5);
		credit(2, 2, 60, 31);
		api.post("/challenges/points/spend", this.tenant.admin(),
				Map.of("participanttype", 2, "participantid", 2, "points", 45, "reason", 1));

		ApiClient.Response first = expire();
		ApiClient.Response second = expire();

		assertThat(first.status()).as(first.text()).isEqualTo(200);
		assertThat(first.json().get("participants").asInt()).isEqualTo(2);
		assertThat(first.json().get("points").asLong()).isEqualTo(115);
		assertThat(first.json().get("days").asInt()).isEqualTo(30);
		assertThat(second.status()).as(second.text()).isEqualTo(200);
		assertThat(second.json().get("points").asLong()).isZero();
		JsonNode expired = api.get("/challenges/points?reason=2", this.tenant.viewer()).json();
		assertThat(expired.get("totalrows").asLong()).isEqualTo(2);
		assertThat(expired.get("totalpoints").asLong()).isEqualTo(-115);
		assertThat(balance(2, 1)).isEqualTo(20);
		assertThat(balance(2, 2)).isZero();

		String source = "/podium/organisations/" + this.tenant.organisationId();
		List<ConsumerRecord<String, String>> events = TestMessages.read(Topics.PARTICIPANT_EVENTS,
				(r) -> source.equals(TestMessages.header(r, "ce_source"))
						&& PointsRecorded.TYPE.equals(TestMessages.header(r, "ce_type"))
						&& JSON.readTree(r.value()).get("reason").asInt() == 2,
				3, Duration.ofSeconds(5));
		assertThat(events).hasSize(2);
		ConsumerRecord<String, String> ada = events.stream()
			.filter((r) -> "2:1".equals(r.key()))
			.findFirst()
			.orElseThrow();
		PointsRecorded recorded = JSON.readValue(ada.value(), PointsRecorded.class);
		assertThat(recorded.points()).isEqualTo(-100);
		assertThat(recorded.participantName()).isEqualTo("Ada");
		assertThat(recorded.notes()).isEqualTo("expired: earned more than 30 days ago");
	}

	/**
	 * 32 clients redeem 7 points at a time from four participants while expiry runs are
	 * queued: each participant's debits and its expiry are serialised, so the expired
	 * amount is exactly its old points less what it had spent before the expiry row, and
	 * no balance ever goes below zero.
	 */
	@Test
	void redeemsRacingAnExpiryStayExact() throws Exception {
		policy(30);
		for (int p = 1; p <= 4; p++) {
			credit(2, p, 1000, 40);
			credit(2, p, 500, 1);
		}
		AtomicInteger unexpected = new AtomicInteger();
		List<CompletableFuture<?>> all = new ArrayList<>();
		List<Long> jobs = new ArrayList<>();
		try (ExecutorService clients = Executors.newFixedThreadPool(32)) {
			for (int i = 0; i < 300; i++) {
				int participant = 1 + i % 4;
				all.add(CompletableFuture.runAsync(() -> {
					ApiClient.Response answer = api.post("/challenges/points/spend", this.tenant.admin(),
							Map.of("participanttype", 2, "participantid", participant, "points", 7, "reason", 1));
					if (answer.status() != 201
							&& !(answer.status() == 409 && answer.json().get("balance").asLong() < 7)) {
						unexpected.incrementAndGet();
					}
				}, clients));
				if (i % 100 == 50) {
					jobs.add(api.post("/challenges/points/expire", this.tenant.admin(), null)
						.json()
						.get("jobid")
						.asLong());
				}
			}
			CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
		}
		for (long job : jobs) {
			awaitSucceeded(job);
		}

		assertThat(unexpected.get()).isZero();
		for (int p = 1; p <= 4; p++) {
			List<Map<String, Object>> expiries = jdbc.sql("""
					select id, -points as points from ledger
					where organisation_id = :o and participant_type = 2 and participant_id = :p and reason = 2
					""").param("o", this.tenant.organisationId()).param("p", p).query().listOfRows();
			assertThat(expiries).as("participant %d", p).hasSize(1);
			long spentBefore = jdbc
				.sql("""
						select coalesce(-sum(points), 0) from ledger
						where organisation_id = :o and participant_type = 2 and participant_id = :p and reason = 1 and id < :id
						""")
				.param("o", this.tenant.organisationId())
				.param("p", p)
				.param("id", expiries.get(0).get("id"))
				.query(Long.class)
				.single();
			assertThat(expiries.get(0).get("points")).as("participant %d", p).isEqualTo(1000 - spentBefore);
			assertThat(balance(2, p)).isGreaterThanOrEqualTo(0);
		}
	}

	private void policy(int days) {
		assertThat(api.send("PUT", "/organisation", this.tenant.admin(), Map.of("pointsexpirydays", days), Map.of())
			.status()).isEqualTo(200);
	}

	private ApiClient.Response expire() {
		return api.post("/challenges/points/expire", this.tenant.admin(), null, Map.of("Prefer", "wait=30"));
	}

	private void awaitSucceeded(long job) {
		await().atMost(Duration.ofSeconds(30))
			.until(() -> "succeeded"
				.equals(api.get("/jobs/" + job, this.tenant.admin()).json().get("status").asString()));
	}

	/** A credit adjustment (reason 3) dated some days ago. */
	private void credit(int type, long id, long points, int daysAgo) {
		jdbc.sql("""
				insert into ledger (organisation_id, created_at, participant_type, participant_id, points, reason)
				values (:o, now() - make_interval(days => :days), :type, :id, :points, 3)
				""")
			.param("o", this.tenant.organisationId())
			.param("days", daysAgo)
			.param("type", type)
			.param("id", id)
			.param("points", points)
			.update();
	}

	private long balance(int type, long id) {
		return api.get("/challenges/points?participanttype=" + type + "&participantid=" + id, this.tenant.viewer())
			.json()
			.get("totalpoints")
			.asLong();
	}

}
