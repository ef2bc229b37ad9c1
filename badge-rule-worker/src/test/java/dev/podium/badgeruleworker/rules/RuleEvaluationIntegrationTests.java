package dev.podium.badgeruleworker.rules;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.podium.contracts.ActivityRecorded;
import dev.podium.contracts.BadgeGranted;
import dev.podium.contracts.Topics;
import dev.podium.platform.outbox.Outbox;
import dev.podium.platform.testing.RealInfrastructure;
import dev.podium.platform.testing.TestMessages;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * How evaluation behaves around the events: each grant comes with one notification and
 * one event whose ids match, a redelivered message grants nothing, events out of order
 * grant what the state says, and a deleted rule grants nothing afterwards.
 */
class RuleEvaluationIntegrationTests extends RuleWorkerTestSupport {

	private static final JsonMapper STRICT = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
				DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
		.build();

	@Autowired
	TransactionTemplate tx;

	@Autowired
	RuleGrants grants;

	@Test
	void eachGrantHasANotificationAndAnEventWithTheSameId() {
		long badge = badge(this.organisation, "Announced");
		long rule = rule(this.organisation, badge, RuleStatements.LIFETIME_POINTS, 10, null);
		this.jdbc
			.sql("insert into participant (organisation_id, participant_type, participant_id, name) "
					+ "values (:o, 2, 1, 'Ada')")
			.param("o", this.organisation)
			.update();

		points(this.organisation, 2, 1, 10);
		points(this.organisation, 2, 2, 20);
		awaitGranted(this.organisation, badge, "2:1", "2:2");

		List<ConsumerRecord<String, String>> events = grantedEvents(this.organisation, 2);
		assertThat(events).hasSize(2);
		List<Map<String, Object>> notifications = this.jdbc.sql("""
				select n.event_id::text as event_id, n.kind, n.title, n.body::text as body, n.participant_type,
				       n.participant_id, g.id as grant_id
				from notification n join badge_grant g on g.id = (n.body ->> 'grantid')::bigint
				where n.organisation_id = :o order by n.participant_id
				""").param("o", this.organisation).query().listOfRows();
		assertThat(notifications).hasSize(2);
		assertThat(notifications).allSatisfy((n) -> {
			assertThat(n.get("kind")).isEqualTo("badge_granted");
			assertThat(n.get("title")).isEqualTo("Badge earned: Announced");
		});
		Map<String, ConsumerRecord<String, String>> byId = events.stream()
			.collect(Collectors.toMap((r) -> TestMessages.header(r, "ce_id"), (r) -> r));
		assertThat(byId.keySet()).containsExactlyInAnyOrderElementsOf(
				notifications.stream().map((n) -> (String) n.get("event_id")).toList());
		for (Map<String, Object> notification : notifications) {
			ConsumerRecord<String, String> event = byId.get((String) notification.get("event_id"));
			BadgeGranted granted = STRICT.readValue(event.value(), BadgeGranted.class);
			assertThat(granted.grantId()).isEqualTo(((Number) notification.get("grant_id")).longValue());
			assertThat(granted.source()).isEqualTo("rule");
			assertThat(granted.ruleId()).isEqualTo(rule);
			assertThat(granted.challengeId()).isNull();
			assertThat(granted.badgeId()).isEqualTo(badge);
			assertThat(granted.badgeName()).isEqualTo("Announced");
			assertThat(event.key()).isEqualTo("2:" + granted.participantId());
			assertThat(TestMessages.header(event, "ce_subject")).isEqualTo("participants/2:" + granted.participantId());
		}
		assertThat(events.stream()
			.map((r) -> STRICT.readValue(r.value(), BadgeGranted.class))
			.filter((g) -> g.participantId() == 1)
			.findFirst()
			.orElseThrow()
			.participantName()).isEqualTo("Ada");
	}

	@Test
	void theDatabasesEventIdIsTheRelaysIdOfAChunkedEvent() {
		for (long grant : ids(1, 77, 123456789012L)) {
			String sql = this.jdbc.sql("select chunked_event_id(:type, :id)::text")
				.param("type", BadgeGranted.TYPE)
				.param("id", Long.toString(grant))
				.query(String.class)
				.single();
			assertThat(sql)
				.isEqualTo(UUID.nameUUIDFromBytes((BadgeGranted.TYPE + "/" + grant).getBytes(StandardCharsets.UTF_8))
					.toString());
		}
	}

	@Test
	void aRedeliveredMessageIsSkippedEvenWhereEvaluatingItAgainWouldGrant() {
		long badge = badge(this.organisation, "Once");
		rule(this.organisation, badge, RuleStatements.LIFETIME_POINTS, 50, null);
		long row = ledgerRow(this.organisation, 2, 1, 50);
		ProducerRecord<String, String> event = pointsEvent(this.organisation, row, 2, 1, 50);
		send(event);
		awaitGranted(this.organisation, badge, "2:1");
		// Were the message evaluated again, it would grant anew.
		this.jdbc.sql("delete from badge_grant where organisation_id = :o").param("o", this.organisation).update();

		send(event);
		send(event);
		awaitConsumed(Topics.PARTICIPANT_EVENTS);

		assertThat(granted(this.organisation, badge)).isEmpty();
		assertThat(this.jdbc.sql("select count(*) from inbox where consumer = 'badge-rule-worker' and message_id = :id")
			.param("id", UUID.fromString(TestMessages.header(consumerRecord(event), "ce_id")))
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	@Test
	void anActivityProducedStraightToTheTopicIsStoredAsSentWithItsDefaults() {
		// The columns travel as arrays: quotes, commas, braces, backslashes and nulls in
		// them must arrive intact.
		String id = "a,\"b\"{c}\\d NULL";
		send(record(Topics.ACTIVITIES, "2:7", ActivityRecorded.TYPE,
				Map.of("organisationId", this.organisation, "id", id, "occurredAt", "2026-11-01T10:00:00.123456Z",
						"participants", Map.of("user", 7, "group", 3), "kind", "séance, \"long\"", "outcome", false,
						"attributes", Map.of("moment", "{x}", "nested", Map.of("list", List.of(1, "two"))))));
		send(record(Topics.ACTIVITIES, "2:8", ActivityRecorded.TYPE, Map.of("organisationId", this.organisation, "id",
				"plain", "occurredAt", "2026-11-01T10:00:00Z", "participants", Map.of("user", 8), "kind", "x")));
		awaitConsumed(Topics.ACTIVITIES);

		Map<String, Object> stored = this.jdbc.sql("""
				select occurred_at::text as at, user_id, group_id, site_id, kind, outcome, value::text as value,
				       attributes::text as attributes
				from activity where organisation_id = :o and id = :id
				""").param("o", this.organisation).param("id", id).query().singleRow();
		assertThat(stored).containsEntry("at", "2026-11-01 10:00:00.123456+00")
			.containsEntry("user_id", 7L)
			.containsEntry("group_id", 3L)
			.containsEntry("site_id", null)
			.containsEntry("kind", "séance, \"long\"")
			.containsEntry("outcome", false)
			.containsEntry("value", "1.0000")
			.containsEntry("attributes", "{\"moment\": \"{x}\", \"nested\": {\"list\": [1, \"two\"]}}");
		assertThat(this.jdbc.sql("""
				select outcome is null and value = 1 and attributes = '{}'::jsonb
				from activity where organisation_id = :o and id = 'plain'
				""").param("o", this.organisation).query(Boolean.class).single()).isTrue();
	}

	@Test
	void aRedeliveredActivityIsCountedOnce() {
		long badge = badge(this.organisation, "Two sessions");
		rule(this.organisation, badge, RuleStatements.ACTIVITY_COUNT, 2, "session");
		ProducerRecord<String, String> session = activityEvent(this.organisation, "once", at("2026-11-01T10:00:00Z"),
				user(1), "session");
		// The same activity resent by the integrator under another message id.
		ProducerRecord<String, String> resent = activityEvent(this.organisation, "once", at("2026-11-01T10:00:00Z"),
				user(1), "session");

		send(session);
		send(session);
		send(resent);
		awaitConsumed(Topics.ACTIVITIES);

		assertThat(granted(this.organisation, badge)).isEmpty();
		assertThat(this.jdbc.sql("select count(*) from activity where organisation_id = :o")
			.param("o", this.organisation)
			.query(Long.class)
			.single()).as("the worker writes the activities it counts").isEqualTo(1);
		activity(this.organisation, at("2026-11-02T10:00:00Z"), 1, "session");
		awaitGranted(this.organisation, badge, "2:1");
	}

	@Test
	void closesArrivingOutOfOrderGrantByEndDate() {
		long badge = badge(this.organisation, "Streak of wins");
		long wins = badge(this.organisation, "Two wins");
		rule(this.organisation, badge, RuleStatements.CONSECUTIVE_WINS, 2, null);
		rule(this.organisation, wins, RuleStatements.CHALLENGES_WON, 2, null);
		// User 1 won September and October but lost November; user 2 won all three.
		long september = closedChallenge(this.organisation, LocalDate.parse("2026-09-30"), Map.of(1L, true, 2L, true));
		long october = closedChallenge(this.organisation, LocalDate.parse("2026-10-31"), Map.of(1L, true, 2L, true));
		long november = closedChallenge(this.organisation, LocalDate.parse("2026-11-30"), Map.of(1L, false, 2L, true));

		for (long challenge : ids(november, september, october)) {
			send(closedEvent(this.organisation, challenge));
		}
		awaitConsumed(Topics.CHALLENGE_EVENTS);

		assertThat(granted(this.organisation, badge)).containsExactly("2:2");
		assertThat(granted(this.organisation, wins)).containsExactly("2:1", "2:2");
	}

	@Test
	void pointsEventsArrivingLateOrOutOfOrderGrantWhatTheLedgerSays() {
		long badge = badge(this.organisation, "Net hundred");
		rule(this.organisation, badge, RuleStatements.LIFETIME_POINTS, 100, null);
		// User 1: two rows whose events arrive in reverse order.
		long first = ledgerRow(this.organisation, 2, 1, 40);
		long second = ledgerRow(this.organisation, 2, 1, 60);
		// User 2: a row removed (its challenge deleted) before its event arrives.
		long removed = ledgerRow(this.organisation, 2, 2, 500);
		this.jdbc.sql("delete from ledger where id = :id").param("id", removed).update();

		send(pointsEvent(this.organisation, second, 2, 1, 60));
		send(pointsEvent(this.organisation, first, 2, 1, 40));
		send(pointsEvent(this.organisation, removed, 2, 2, 500));
		awaitConsumed(Topics.PARTICIPANT_EVENTS);

		assertThat(granted(this.organisation, badge)).containsExactly("2:1");
		assertThat(grantedEvents(this.organisation, 1)).hasSize(1);
	}

	@Test
	void aRuleDeletedBetweenEventsGrantsNothingAfterwards() {
		long badge = badge(this.organisation, "Deleted");
		long rule = rule(this.organisation, badge, RuleStatements.LIFETIME_POINTS, 100, null);
		points(this.organisation, 2, 1, 100);
		awaitGranted(this.organisation, badge, "2:1");

		deleteRule(rule);
		points(this.organisation, 2, 2, 100);
		points(this.organisation, 2, 1, 100);
		awaitConsumed(Topics.PARTICIPANT_EVENTS);

		assertThat(granted(this.organisation, badge)).containsExactly("2:1");
	}

	@Test
	void aRuleOfAnInactiveBadgeGrantsNothing() {
		long badge = badge(this.organisation, "Retired");
		rule(this.organisation, badge, RuleStatements.LIFETIME_POINTS, 1, null);
		this.jdbc.sql("update badge set active = false where id = :id").param("id", badge).update();

		points(this.organisation, 2, 1, 100);
		awaitConsumed(Topics.PARTICIPANT_EVENTS);

		assertThat(granted(this.organisation, badge)).isEmpty();
	}

	@Test
	void aDeleteWaitsForAnEvaluationInFlightThatReadTheRule() throws SQLException {
		long badge = badge(this.organisation, "In flight");
		long rule = rule(this.organisation, badge, RuleStatements.LIFETIME_POINTS, 100, null);

		this.tx.executeWithoutResult((status) -> {
			assertThat(this.grants.lockLiveRules(Set.of(this.organisation), List.of(RuleStatements.LIFETIME_POINTS))
				.byType()).containsEntry(RuleStatements.LIFETIME_POINTS, List.of(rule));
			try (Connection other = RealInfrastructure.dataSource().getConnection();
					Statement statement = other.createStatement()) {
				statement.execute("set lock_timeout = '300ms'");
				assertThatThrownBy(
						() -> statement.executeUpdate("update badge_rule set deleted_at = now() where id = " + rule))
					.as("the delete waits for the evaluation's transaction")
					.hasMessageContaining("lock timeout");
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
		});
		deleteRule(rule);

		this.tx.executeWithoutResult((status) -> assertThat(
				this.grants.lockLiveRules(Set.of(this.organisation), List.of(RuleStatements.LIFETIME_POINTS)).byType())
			.as("a deleted rule is not evaluated")
			.isEmpty());
	}

	@Test
	void aUnitCountedByAnotherTransactionIsCountedAgainOnceThatCommits() {
		long badge = badge(this.organisation, "Busy unit");
		rule(this.organisation, badge, RuleStatements.ACTIVITY_COUNT, 2, "session");
		ActivityRecorded.Participants first = new ActivityRecorded.Participants(null, 7L, 1L, null);
		ActivityRecorded.Participants second = new ActivityRecorded.Participants(null, 7L, 2L, null);

		// Another consumer's batch: it holds the unit's lock and has written, not yet
		// committed, the unit's first session.
		this.tx.executeWithoutResult((status) -> {
			this.grants.lockParticipants(List.of(new Participant(this.organisation, 1, 7, "session")));
			storedActivity(this.organisation, at("2026-11-01T10:00:00Z"), first, "session");
			send(activityEvent(this.organisation, "second", at("2026-11-02T10:00:00Z"), second, "session"));
			await().during(Duration.ofSeconds(2))
				.atMost(Duration.ofSeconds(5))
				.until(() -> granted(this.organisation, badge).isEmpty());
		});

		awaitGranted(this.organisation, badge, "1:7");
	}

	@Test
	void anActivityOfEveryDimensionConcernsEachOfItsParticipants() {
		long badge = badge(this.organisation, "Everywhere");
		rule(this.organisation, badge, RuleStatements.ACTIVITY_COUNT, 1, "session");

		send(activityEvent(this.organisation, "all", at("2026-11-01T10:00:00Z"),
				new ActivityRecorded.Participants(10L, 11L, 12L, 13L), "session"));
		awaitConsumed(Topics.ACTIVITIES);

		assertThat(granted(this.organisation, badge)).containsExactly("0:10", "1:11", "2:12", "3:13");
		assertThat(this.jdbc.sql("select count(*) from notification where organisation_id = :o")
			.param("o", this.organisation)
			.query(Long.class)
			.single()).isEqualTo(4);
	}

	@Test
	void aPoisonRecordIsDeadLetteredAndTheRestOfItsBatchEvaluated() {
		long badge = badge(this.organisation, "After poison");
		rule(this.organisation, badge, RuleStatements.LIFETIME_POINTS, 10, null);
		String key = "poison-" + UUID.randomUUID();

		points(this.organisation, 2, 1, 10);
		TestMessages.produce(Topics.PARTICIPANT_EVENTS, key, "{not json",
				Map.of("ce_id", UUID.randomUUID().toString(), "ce_type", "podium.points.recorded.v1"));
		points(this.organisation, 2, 2, 10);

		assertThat(TestMessages.read(Topics.deadLetter(Topics.PARTICIPANT_EVENTS), (r) -> key.equals(r.key()), 1,
				DEADLINE))
			.hasSize(1);
		awaitGranted(this.organisation, badge, "2:1", "2:2");
	}

	@Test
	void aPoisonActivityIsDeadLetteredAndTheActivitiesAroundItAreWritten() {
		// All three on the user's partition, the poison between the others: the one
		// before is written first, the one after is redelivered and written.
		String poison = UUID.randomUUID().toString();

		send(activityEvent(this.organisation, "before", at("2026-11-01T10:00:00Z"), user(1), "session"));
		TestMessages.produce(Topics.ACTIVITIES, user(1).key(), "{\"id\":\"no date or kind\"}",
				Map.of("ce_id", poison, "ce_type", ActivityRecorded.TYPE));
		send(activityEvent(this.organisation, "after", at("2026-11-01T11:00:00Z"), user(1), "session"));

		assertThat(TestMessages.read(Topics.deadLetter(Topics.ACTIVITIES),
				(r) -> poison.equals(TestMessages.header(r, "ce_id")), 1, DEADLINE))
			.hasSize(1);
		await().atMost(DEADLINE)
			.until(() -> this.jdbc.sql("select array_agg(id order by id) from activity where organisation_id = :o")
				.param("o", this.organisation)
				.query(String.class)
				.single(), "{after,before}"::equals);
	}

	@Test
	void manyGrantsOfOneBatchAreAnnouncedInChunks() {
		long badge = badge(this.organisation, "Crowd");
		rule(this.organisation, badge, RuleStatements.CHALLENGES_WON, 1, null);
		int winners = Outbox.CHUNK * 2 + 7;
		long challenge = closedChallenge(this.organisation, LocalDate.parse("2026-10-31"), Map.of());
		this.jdbc.sql("""
				insert into challenge_result (challenge_id, participant_type, participant_id, metric_value, met, rank,
				                              computed_at)
				select :c, 2, g, 1, true, 1, now() from generate_series(1, :n) g
				""").param("c", challenge).param("n", winners).update();

		send(closedEvent(this.organisation, challenge));

		assertThat(grantedEvents(this.organisation, winners)).hasSize(winners);
		assertThat(this.jdbc.sql("select count(*) from notification where organisation_id = :o")
			.param("o", this.organisation)
			.query(Long.class)
			.single()).isEqualTo(winners);
		assertThat(this.jdbc.sql("select count(*) from challenge_close_receipt where challenge_id = :c")
			.param("c", challenge)
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	private static List<ConsumerRecord<String, String>> grantedEvents(long organisation, int count) {
		String source = "/podium/organisations/" + organisation;
		List<ConsumerRecord<String, String>> events = TestMessages.read(Topics.PARTICIPANT_EVENTS,
				(r) -> source.equals(TestMessages.header(r, "ce_source"))
						&& BadgeGranted.TYPE.equals(TestMessages.header(r, "ce_type")),
				count, DEADLINE);
		// Anything beyond the expected count would arrive with them: read a moment
		// longer.
		return events.size() < count ? events
				: TestMessages.read(Topics.PARTICIPANT_EVENTS,
						(r) -> source.equals(TestMessages.header(r, "ce_source"))
								&& BadgeGranted.TYPE.equals(TestMessages.header(r, "ce_type")),
						count + 1, Duration.ofSeconds(2));
	}

	private static ConsumerRecord<String, String> consumerRecord(ProducerRecord<String, String> record) {
		ConsumerRecord<String, String> consumed = new ConsumerRecord<>(record.topic(), 0, 0, record.key(),
				record.value());
		record.headers().forEach((h) -> consumed.headers().add(h));
		return consumed;
	}

}
