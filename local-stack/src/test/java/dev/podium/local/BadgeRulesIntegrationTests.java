package dev.podium.local;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.podium.contracts.BadgeGranted;
import dev.podium.contracts.Topics;
import dev.podium.platform.testing.ApiClient;
import dev.podium.platform.testing.TestMessages;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Badge auto-rules through the whole system: rules created over HTTP are evaluated by the
 * badge-rule-worker when a close's awards, points and activities flow through Kafka, and
 * back-filled (or previewed) as jobs.
 */
class BadgeRulesIntegrationTests extends StackTestSupport {

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	@Test
	void aClosesWinnersEarnTheRuleBadgesOfTheirWinsAndPoints() {
		long wins = badge("First win");
		long points = badge("Fifty points");
		rule(Map.of("badgeid", wins, "ruletype", 0, "threshold", 1));
		rule(Map.of("badgeid", points, "ruletype", 2, "threshold", 50));
		long challenge = challengeWithResults("rules", null, 30, 12, 9);

		ApiClient.Response closed = api.post("/challenges/close?id=" + challenge, this.tenant.admin(), null,
				Map.of("Prefer", "wait=30"));

		assertThat(closed.status()).as(closed.text()).isEqualTo(200);
		await().atMost(DEADLINE).untilAsserted(() -> {
			assertThat(holders(wins)).containsExactlyInAnyOrder("2:1", "2:2");
			assertThat(holders(points)).containsExactlyInAnyOrder("2:1", "2:2");
		});
		List<ConsumerRecord<String, String>> events = ruleGrantEvents(4);
		assertThat(events).hasSize(4);
		Set<String> eventIds = events.stream().map((r) -> TestMessages.header(r, "ce_id")).collect(Collectors.toSet());
		assertThat(eventIds).containsExactlyInAnyOrderElementsOf(jdbc
			.sql("select event_id::text from notification where organisation_id = :o and kind = 'badge_granted'")
			.param("o", this.tenant.organisationId())
			.query(String.class)
			.list());
	}

	@Test
	void activitiesSentToTheEdgeEarnTheBadgeOfTheirCount() {
		long badge = badge("Two sessions");
		rule(Map.of("badgeid", badge, "ruletype", 3, "threshold", 2, "kind", "session"));

		ApiClient.Response sent = api.post("/activities", this.tenant.admin(),
				List.of(activity("a1", "2026-11-02T09:00:00Z", 17), activity("a2", "2026-11-03T09:00:00Z", 17),
						activity("a3", "2026-11-03T09:00:00Z", 18)));

		assertThat(sent.status()).as(sent.text()).isEqualTo(202);
		await().atMost(DEADLINE).untilAsserted(() -> assertThat(holders(badge)).containsExactly("2:17"));
	}

	@Test
	void aBadgeDefinitionsCriteriaGrantsItsBadgeFromActivitiesAndBackfillsWhoAlreadyQualifies() {
		ApiClient.Response earlier = api.post("/activities", this.tenant.admin(),
				List.of(activity("b1", "2026-11-01T09:00:00Z", 31), activity("b2", "2026-11-02T09:00:00Z", 31),
						activity("b3", "2026-11-02T09:00:00Z", 31), activity("b4", "2026-11-02T09:00:00Z", 32)));
		assertThat(earlier.status()).as(earlier.text()).isEqualTo(202);
		await().atMost(DEADLINE)
			.until(() -> jdbc.sql("select count(*) from activity where organisation_id = :o and id like 'b%'")
				.param("o", this.tenant.organisationId())
				.query(Long.class)
				.single(), (count) -> count == 4);

		ApiClient.Response created = api.post("/api/v1/badge-definitions", this.tenant.admin(),
				Map.of("name", "Three sessions", "criteria", Map.of("type", "session_count", "threshold", 3)));

		assertThat(created.status()).as(created.text()).isEqualTo(201);
		long badge = Long.parseLong(created.json().get("id").asString());
		// User 31 already had three sessions: the definition's rule back-fills them.
		await().atMost(DEADLINE).untilAsserted(() -> assertThat(holders(badge)).containsExactly("2:31"));

		ApiClient.Response later = api.post("/activities", this.tenant.admin(),
				List.of(activity("b5", "2026-11-03T09:00:00Z", 32), activity("b6", "2026-11-04T09:00:00Z", 32)));

		assertThat(later.status()).as(later.text()).isEqualTo(202);
		await().atMost(DEADLINE)
			.untilAsserted(() -> assertThat(holders(badge)).containsExactlyInAnyOrder("2:31", "2:32"));
		assertThat(ruleGrantEvents(2)).hasSize(2);
	}

	@Test
	void aRulePreviewCountsWhoQualifiesAndALowerThresholdBackfillsThem() {
		long badge = badge("Late");
		JsonNode created = rule(Map.of("badgeid", badge, "ruletype", 2, "threshold", 300));
		long rule = created.get("id").asLong();
		assertThat(awaitJob(created.get("jobid").asLong()).at("/result/granted").asLong()).isZero();
		// Points written without events (as if imported): no live evaluation sees them.
		for (long user = 1; user <= 4; user++) {
			jdbc.sql("""
					insert into ledger (organisation_id, participant_type, participant_id, points, reason, notes)
					values (:o, 2, :user, :points, 3, 'imported')
					""")
				.param("o", this.tenant.organisationId())
				.param("user", user)
				.param("points", user * 100)
				.update();
		}

		ApiClient.Response preview = api.post("/badges/auto-rules/preview?id=" + rule, this.tenant.coordinator(), null,
				Map.of("Prefer", "wait=30"));

		assertThat(preview.status()).as(preview.text()).isEqualTo(200);
		assertThat(preview.json().get("ruleid").asLong()).isEqualTo(rule);
		assertThat(preview.json().get("wouldgrant").asLong()).isEqualTo(2);
		assertThat(holders(badge)).isEmpty();

		JsonNode lowered = rule(Map.of("badgeid", badge, "ruletype", 2, "threshold", 250));
		JsonNode backfill = awaitJob(lowered.get("jobid").asLong());

		assertThat(lowered.get("id").asLong()).isEqualTo(rule);
		assertThat(backfill.get("status").asString()).isEqualTo("succeeded");
		assertThat(backfill.at("/result/ruleid").asLong()).isEqualTo(rule);
		assertThat(backfill.at("/result/granted").asLong()).isEqualTo(2);
		assertThat(holders(badge)).containsExactlyInAnyOrder("2:3", "2:4");
		assertThat(ruleGrantEvents(2)).hasSize(2);
	}

	private JsonNode rule(Map<String, Object> fields) {
		ApiClient.Response answer = api.post("/badges/auto-rules", this.tenant.admin(), fields);
		assertThat(answer.status()).as(answer.text()).isIn(200, 201);
		return answer.json();
	}

	private JsonNode awaitJob(long job) {
		await().atMost(DEADLINE)
			.until(() -> api.get("/jobs/" + job, this.tenant.admin()).json().get("status").asString(),
					(status) -> !"queued".equals(status) && !"running".equals(status));
		return api.get("/jobs/" + job, this.tenant.admin()).json();
	}

	private Set<String> holders(long badge) {
		JsonNode grants = api.get("/challenges/badges?badgeid=" + badge, this.tenant.admin()).json();
		return grants.get("rows")
			.valueStream()
			.map((row) -> row.get("participanttype").asInt() + ":" + row.get("participantid").asLong())
			.collect(Collectors.toSet());
	}

	private List<ConsumerRecord<String, String>> ruleGrantEvents(int count) {
		String source = "/podium/organisations/" + this.tenant.organisationId();
		return TestMessages.read(Topics.PARTICIPANT_EVENTS,
				(r) -> source.equals(TestMessages.header(r, "ce_source"))
						&& BadgeGranted.TYPE.equals(TestMessages.header(r, "ce_type"))
						&& r.value().contains("\"source\":\"rule\""),
				count, DEADLINE);
	}

	private static Map<String, Object> activity(String id, String at, long user) {
		return Map.of("id", id, "occurredat", at, "participants", Map.of("user", user), "kind", "session");
	}

	private long badge(String name) {
		return api.post("/badges", this.tenant.admin(), Map.of("name", name)).json().get("id").asLong();
	}

}
