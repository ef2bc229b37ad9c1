package dev.podium.notificationworker.notifying;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.podium.contracts.BadgeGranted;
import dev.podium.contracts.ChallengeClosed;
import dev.podium.contracts.PointsRecorded;
import dev.podium.contracts.Topics;
import dev.podium.notificationworker.NotificationWorkerApplication;
import dev.podium.platform.testing.RealInfrastructure;
import dev.podium.platform.testing.TestMessages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The notification-worker's in-app notifications against the real broker and PostgreSQL:
 * events produced as the relay produces them (CloudEvents headers, JSON bodies),
 * challenges and results written as the edge and the close-worker write them. Each test
 * works in a fresh organisation.
 */
@SpringBootTest(classes = NotificationWorkerApplication.class,
		properties = { "spring.config.name=notification-worker", "podium.relay.enabled=false",
				"podium.worker.concurrency=1" })
@ContextConfiguration(initializers = RealInfrastructure.class)
class NotificationIntegrationTests {

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String GROUP = "notification-worker";

	@Autowired
	JdbcClient jdbc;

	long organisation;

	@BeforeEach
	void organisation() {
		this.organisation = this.jdbc.sql("insert into organisation (name) values (:name) returning id")
			.param("name", "notifications-" + UUID.randomUUID())
			.query(Long.class)
			.single();
	}

	@Test
	void anAwardAGrantAndACloseEachNotifyTheirParticipantsOnce() {
		long challenge = challenge("Winter sprint", Map.of(1L, true, 2L, true, 3L, false));
		UUID award = points(1, 41, 50, 0, challenge, "Winter sprint");
		UUID grant = grant(1, 42, 7, "Gold", "challenge", challenge, null);
		UUID close = close(challenge, "Winter sprint");

		await().atMost(DEADLINE).until(() -> count("true") == 5);
		awaitConsumed();

		JsonNode points = only("points_awarded");
		assertThat(points.get("event_id").asString()).isEqualTo(award.toString());
		assertThat(points.get("title").asString()).isEqualTo("Points earned: 50 for Winter sprint");
		assertThat(points.get("participant").asString()).isEqualTo("2:1");
		assertThat(points.at("/body/ledgerid").asLong()).isEqualTo(41);
		assertThat(points.at("/body/points").asLong()).isEqualTo(50);
		assertThat(points.at("/body/challengeid").asLong()).isEqualTo(challenge);
		assertThat(points.at("/body/challengename").asString()).isEqualTo("Winter sprint");
		assertThat(points.get("read_at").isNull()).isTrue();
		JsonNode badge = only("badge_granted");
		assertThat(badge.get("event_id").asString()).isEqualTo(grant.toString());
		assertThat(badge.get("title").asString()).isEqualTo("Badge earned: Gold");
		assertThat(badge.at("/body/grantid").asLong()).isEqualTo(42);
		assertThat(badge.at("/body/badgeid").asLong()).isEqualTo(7);
		assertThat(badge.at("/body/badgename").asString()).isEqualTo("Gold");
		assertThat(badge.at("/body/source").asString()).isEqualTo("challenge");
		assertThat(badge.at("/body/challengeid").asLong()).isEqualTo(challenge);
		assertThat(badge.at("/body/ruleid").isNull()).isTrue();
		List<JsonNode> closes = rows("kind = 'challenge_closed'");
		assertThat(closes).extracting((n) -> n.get("participant").asString())
			.containsExactlyInAnyOrder("2:1", "2:2", "2:3");
		JsonNode loser = closes.stream().filter((n) -> n.get("participant").asString().equals("2:3")).findFirst().get();
		assertThat(loser.get("title").asString()).isEqualTo("Challenge closed: Winter sprint (rank 3)");
		assertThat(loser.at("/body/met").asBoolean()).isFalse();
		assertThat(loser.at("/body/rank").asInt()).isEqualTo(3);
		assertThat(loser.at("/body/value").asInt()).isEqualTo(7);
		assertThat(loser.at("/body/challengeid").asLong()).isEqualTo(challenge);
		assertThat(loser.at("/body/challengename").asString()).isEqualTo("Winter sprint");
		JsonNode winner = closes.stream()
			.filter((n) -> n.get("participant").asString().equals("2:1"))
			.findFirst()
			.get();
		assertThat(winner.get("title").asString()).isEqualTo("Challenge won: Winter sprint (rank 1)");
		assertThat(winner.at("/body/met").asBoolean()).isTrue();
		assertThat(closes).extracting((n) -> n.get("event_id").asString())
			.doesNotHaveDuplicates()
			.doesNotContain(close.toString());
	}

	@Test
	void redeliveredEventsWriteNothingNew() {
		long challenge = challenge("Twice", Map.of(1L, true, 2L, false));
		Map<String, String> award = headers(UUID.randomUUID(), PointsRecorded.TYPE);
		Map<String, String> grant = headers(UUID.randomUUID(), BadgeGranted.TYPE);
		Map<String, String> close = headers(UUID.randomUUID(), ChallengeClosed.TYPE);
		for (int i = 0; i < 2; i++) {
			produceParticipant(1, award,
					new PointsRecorded(this.organisation, 51, 2, 1, null, 50, 0, challenge, "Twice", Instant.now()));
			produceParticipant(1, grant, new BadgeGranted(this.organisation, 52, 7, "Gold", 2, 1, null, "manual", null,
					null, Instant.now()));
			TestMessages.produce(Topics.CHALLENGE_EVENTS, Long.toString(challenge), JSON.writeValueAsString(
					new ChallengeClosed(this.organisation, challenge, "Twice", 1, 50, Instant.now())), close);
		}

		awaitConsumed();
		List<String> closeIds = rows("kind = 'challenge_closed'").stream()
			.map((n) -> n.get("event_id").asString())
			.toList();
		TestMessages.produce(Topics.CHALLENGE_EVENTS, Long.toString(challenge), JSON.writeValueAsString(
				new ChallengeClosed(this.organisation, challenge, "Twice", 1, 50, Instant.now())), close);
		awaitConsumed();

		assertThat(count("kind = 'points_awarded'")).isEqualTo(1);
		assertThat(count("kind = 'badge_granted'")).isEqualTo(1);
		assertThat(count("kind = 'challenge_closed'")).isEqualTo(2);
		assertThat(rows("kind = 'challenge_closed'")).extracting((n) -> n.get("event_id").asString())
			.containsExactlyInAnyOrderElementsOf(closeIds);
		assertThat(this.jdbc.sql("select count(*) from inbox where consumer = :c and message_id = :id")
			.param("c", GROUP)
			.param("id", UUID.fromString(close.get("ce_id")))
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	@Test
	void aRuleGrantsNotificationIsNotDoubled() {
		long badge = this.jdbc.sql("insert into badge (organisation_id, name) values (:o, 'Veteran') returning id")
			.param("o", this.organisation)
			.query(Long.class)
			.single();
		long grantId = this.jdbc.sql("""
				insert into badge_grant (organisation_id, badge_id, participant_type, participant_id, source)
				values (:o, :b, 2, 5, 'manual') returning id
				""").param("o", this.organisation).param("b", badge).query(Long.class).single();
		// As the badge-rule-worker writes it, in the grant's transaction, with the id
		// the relay gives the grant's chunked event.
		UUID eventId = this.jdbc
			.sql("""
					insert into notification (organisation_id, participant_type, participant_id, kind, title, body, event_id)
					values (:o, 2, 5, 'badge_granted', 'Badge earned: Veteran', '{"source":"rule"}',
					        chunked_event_id(:type, :grant::text))
					returning event_id
					""")
			.param("o", this.organisation)
			.param("type", BadgeGranted.TYPE)
			.param("grant", grantId)
			.query(UUID.class)
			.single();

		produceParticipant(5, headers(eventId, BadgeGranted.TYPE), new BadgeGranted(this.organisation, grantId, badge,
				"Veteran", 2, 5, null, "rule", null, 3L, Instant.now()));
		awaitConsumed();

		assertThat(count("true")).isEqualTo(1);
		assertThat(only("badge_granted").at("/body/source").asString()).isEqualTo("rule");
	}

	@Test
	void onlyAwardsOfPointsAreNotified() {
		for (int reason = 1; reason <= 3; reason++) {
			points(1, 60 + reason, (reason == 3) ? 10 : -10, reason, null, "by hand");
		}
		points(1, 64, 25, 0, null, null);

		await().atMost(DEADLINE).until(() -> count("true") == 1);
		awaitConsumed();

		assertThat(count("true")).isEqualTo(1);
		assertThat(only("points_awarded").get("title").asString()).isEqualTo("Points earned: 25");
	}

	@Test
	void aCloseOfAChallengeDeletedSinceWritesNothing() {
		long challenge = challenge("Gone", Map.of(1L, true));
		this.jdbc.sql("delete from challenge where id = :id").param("id", challenge).update();

		UUID close = close(challenge, "Gone");
		awaitConsumed();

		assertThat(count("true")).isZero();
		assertThat(this.jdbc.sql("select count(*) from inbox where consumer = :c and message_id = :id")
			.param("c", GROUP)
			.param("id", close)
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	@Test
	void aCloseNotifiesEveryParticipantScored() {
		int participants = 5000;
		long challenge = challenge("Crowd", Map.of());
		this.jdbc.sql("""
				insert into challenge_result (challenge_id, participant_type, participant_id, metric_value, met, rank,
				                              computed_at)
				select :c, 2, n, n, n <= 100, n, now() from generate_series(1, :n) n
				""").param("c", challenge).param("n", participants).update();

		close(challenge, "Crowd");

		await().atMost(DEADLINE).until(() -> count("kind = 'challenge_closed'") == participants);
		assertThat(count("kind = 'challenge_closed' and (body->>'met')::boolean")).isEqualTo(100);
		assertThat(count("kind = 'challenge_closed' and title like 'Challenge won: Crowd (rank %)'")).isEqualTo(100);
	}

	@Test
	void theCloseStatementReadsTheResultsInOnePassWithoutSubplans() {
		long challenge = challenge("Planned", Map.of(1L, true, 2L, false));

		String plan = String.join("\n",
				this.jdbc.sql("explain " + Notifications.CLOSES)
					.param("events", new UUID[] { UUID.randomUUID(), UUID.randomUUID() })
					.param("organisations", new Long[] { this.organisation, this.organisation })
					.param("challenges", new Long[] { challenge, challenge + 1 })
					.param("names", new String[] { "Planned", "Other" })
					.param("times", new String[] { null, null })
					.query(String.class)
					.list());

		assertThat(plan).doesNotContain("SubPlan").doesNotContain("InitPlan");
		assertThat(plan.split("on challenge_result", -1)).as(plan).hasSize(2);
	}

	@Test
	void aPoisonEventIsDeadLetteredAndTheOthersAreNotified() {
		String key = "poison-" + UUID.randomUUID();
		TestMessages.produce(Topics.PARTICIPANT_EVENTS, key, "not json at all",
				headers(UUID.randomUUID(), PointsRecorded.TYPE));
		points(1, 71, 30, 0, null, "after the poison");

		// This group dead-letters it (the webhooks' group reads no record of an
		// organisation
		// without webhooks).
		assertThat(TestMessages.read(Topics.deadLetter(Topics.PARTICIPANT_EVENTS),
				(r) -> key.equals(r.key()) && GROUP.equals(TestMessages.header(r, "kafka_dlt-original-consumer-group")),
				1, DEADLINE))
			.hasSize(1);
		await().atMost(DEADLINE).until(() -> count("kind = 'points_awarded'") == 1);
	}

	/**
	 * A closed challenge of users with results (user → met), ranked in map order of
	 * value.
	 */
	private long challenge(String name, Map<Long, Boolean> results) {
		long challenge = this.jdbc.sql("""
				insert into challenge (organisation_id, name, metric, scope, start_date, end_date, closed, closed_at)
				values (:o, :name, 0, 2, '2026-10-01', '2026-10-31', true, now()) returning id
				""").param("o", this.organisation).param("name", name).query(Long.class).single();
		results.forEach((user, met) -> this.jdbc.sql("""
				insert into challenge_result (challenge_id, participant_type, participant_id, metric_value, met, rank,
				                              computed_at)
				values (:c, 2, :user, :value, :met, :user, now())
				""")
			.param("c", challenge)
			.param("user", user)
			.param("value", met ? 20 - user : 10 - user)
			.param("met", met)
			.update());
		return challenge;
	}

	private UUID points(long user, long ledgerId, long points, int reason, Long challenge, String notes) {
		UUID id = UUID.randomUUID();
		produceParticipant(user, headers(id, PointsRecorded.TYPE), new PointsRecorded(this.organisation, ledgerId, 2,
				user, null, points, reason, challenge, notes, Instant.now()));
		return id;
	}

	private UUID grant(long user, long grantId, long badge, String badgeName, String source, Long challenge,
			Long rule) {
		UUID id = UUID.randomUUID();
		produceParticipant(user, headers(id, BadgeGranted.TYPE), new BadgeGranted(this.organisation, grantId, badge,
				badgeName, 2, user, null, source, challenge, rule, Instant.now()));
		return id;
	}

	private UUID close(long challenge, String name) {
		UUID id = UUID.randomUUID();
		TestMessages.produce(Topics.CHALLENGE_EVENTS, Long.toString(challenge),
				JSON.writeValueAsString(new ChallengeClosed(this.organisation, challenge, name, 0, 0, Instant.now())),
				headers(id, ChallengeClosed.TYPE));
		return id;
	}

	private void produceParticipant(long user, Map<String, String> headers, Object event) {
		TestMessages.produce(Topics.PARTICIPANT_EVENTS, "2:" + user, JSON.writeValueAsString(event), headers);
	}

	private Map<String, String> headers(UUID id, String type) {
		Map<String, String> headers = new HashMap<>();
		headers.put("ce_specversion", "1.0");
		headers.put("ce_id", id.toString());
		headers.put("ce_type", type);
		headers.put("ce_source", "/podium/organisations/" + this.organisation);
		return headers;
	}

	private static void awaitConsumed() {
		TestMessages.awaitConsumed(GROUP, Topics.PARTICIPANT_EVENTS, DEADLINE);
		TestMessages.awaitConsumed(GROUP, Topics.CHALLENGE_EVENTS, DEADLINE);
	}

	private long count(String where) {
		return this.jdbc.sql("select count(*) from notification where organisation_id = :o and " + where)
			.param("o", this.organisation)
			.query(Long.class)
			.single();
	}

	private List<JsonNode> rows(String where) {
		return this.jdbc.sql("""
				select json_build_object('participant', participant_type || ':' || participant_id, 'kind', kind,
				                         'title', title, 'body', body, 'event_id', event_id, 'read_at', read_at)::text
				from notification where organisation_id = :o and
				""" + where).param("o", this.organisation).query((rs, n) -> JSON.readTree(rs.getString(1))).list();
	}

	private JsonNode only(String kind) {
		List<JsonNode> rows = rows("kind = '" + kind + "'");
		assertThat(rows).hasSize(1);
		return rows.get(0);
	}

}
