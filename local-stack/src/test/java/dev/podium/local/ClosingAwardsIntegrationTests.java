package dev.podium.local;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.podium.contracts.Topics;
import dev.podium.platform.testing.ApiClient;
import dev.podium.platform.testing.TestMessages;
import dev.podium.contracts.BadgeGranted;
import dev.podium.contracts.MessageTypes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A close awards every winner of the snapshot once: a ledger row and a grant each, with
 * their events, in the same transaction as the closed flag; a preview answers the same
 * figures and writes nothing.
 */
class ClosingAwardsIntegrationTests extends StackTestSupport {

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final JsonMapper STRICT = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
				DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
		.build();

	@Test
	void aPreviewAnswersWhatACloseWouldAwardAndWritesNothing() {
		long badge = badge("October champion");
		long challenge = challengeWithResults(badge, 30, 12, 9);

		ApiClient.Response preview = api.post("/challenges/preview?id=" + challenge, this.tenant.coordinator(), null,
				Map.of("Prefer", "wait=30"));

		assertThat(preview.status()).as(preview.text()).isEqualTo(200);
		JsonNode result = preview.json();
		assertThat(result.get("winners").asLong()).isEqualTo(2);
		assertThat(result.get("pointseach").asLong()).isEqualTo(50);
		assertThat(result.get("points").asLong()).isEqualTo(100);
		assertThat(result.get("badgeid").asLong()).isEqualTo(badge);
		assertThat(result.get("listed")).hasSize(2);
		assertThat(result.at("/listed/0/participantid").asLong()).isEqualTo(1);
		assertThat(count("ledger", challenge)).isZero();
		assertThat(count("badge_grant", challenge)).isZero();
		assertThat(api.get("/challenges?id=" + challenge, this.tenant.admin()).json().at("/challenge/closed").asInt())
			.isZero();
	}

	@Test
	void aCloseAwardsEveryWinnerOnceWithTheirEvents() {
		long badge = badge("Top stepper");
		long challenge = challengeWithResults(badge, 30, 12, 9);
		jdbc.sql(
				"insert into participant (organisation_id, participant_type, participant_id, name) values (:o, 2, 1, 'Ada')")
			.param("o", this.tenant.organisationId())
			.update();

		ApiClient.Response closed = api.post("/challenges/close?id=" + challenge, this.tenant.admin(), null,
				Map.of("Prefer", "wait=30"));

		assertThat(closed.status()).as(closed.text()).isEqualTo(200);
		assertThat(closed.json().get("winners").asLong()).isEqualTo(2);
		assertThat(closed.json().get("points").asLong()).isEqualTo(100);
		assertThat(closed.json().get("grants").asLong()).isEqualTo(2);
		List<Map<String, Object>> ledger = jdbc.sql("""
				select participant_type, participant_id, points, reason, notes from ledger
				where challenge_id = :c order by participant_id
				""").param("c", challenge).query().listOfRows();
		assertThat(ledger).hasSize(2);
		assertThat(ledger).allSatisfy((row) -> {
			assertThat(row.get("points")).isEqualTo(50L);
			assertThat(((Number) row.get("reason")).intValue()).isZero();
			assertThat(row.get("notes")).isEqualTo("awards " + challenge);
		});
		assertThat(count("badge_grant", challenge)).isEqualTo(2);

		List<ConsumerRecord<String, String>> events = participantEvents(Set.of("2:1", "2:2"), 4);
		assertThat(events).hasSize(4);
		Map<String, Long> byType = events.stream()
			.collect(Collectors.groupingBy((r) -> TestMessages.header(r, "ce_type"), Collectors.counting()));
		assertThat(byType).containsEntry("podium.points.recorded.v1", 2L).containsEntry("podium.badge.granted.v1", 2L);
		JsonNode points = JSON.readTree(events.stream()
			.filter((r) -> "2:1".equals(r.key())
					&& "podium.points.recorded.v1".equals(TestMessages.header(r, "ce_type")))
			.findFirst()
			.orElseThrow()
			.value());
		assertThat(points.get("participantName").asString()).isEqualTo("Ada");
		assertThat(points.get("points").asLong()).isEqualTo(50);
		assertThat(points.get("challengeId").asLong()).isEqualTo(challenge);
		assertThat(points.get("notes").asString()).isEqualTo("awards " + challenge);
		assertThat(points.get("recordedAt").asString()).endsWith("Z");
		assertThat(events).allSatisfy((event) -> assertThat(asContract(event)).isNotNull());
		BadgeGranted granted = events.stream()
			.map(ClosingAwardsIntegrationTests::asContract)
			.filter(BadgeGranted.class::isInstance)
			.map(BadgeGranted.class::cast)
			.findFirst()
			.orElseThrow();
		assertThat(granted.source()).isEqualTo("challenge");
		assertThat(granted.challengeId()).isEqualTo(challenge);
		assertThat(granted.badgeName()).isNotBlank();
	}

	@Test
	void aBandedCloseWithACapPaysEachBandExactlyWithTiesAtTheBandEdgeAndAtTheCap() {
		long badge = badge("Banded");
		// Ranks: 1; 2, 2, 2 (a tie that runs past the 2-3 band's edge); 5; 6, 6; 8; 9;
		// 10;
		// 11, 11 (a tie that straddles the cap of 11); participant 13 misses the
		// threshold.
		long challenge = challengeWithResults(badge, 100, 90, 90, 90, 80, 70, 70, 60, 50, 40, 30, 30, 5);
		ApiClient.Response set = api.send("PUT", "/challenges?id=" + challenge, this.tenant.admin(),
				Map.of("payoutbands",
						List.of(Map.of("fromrank", 4, "torank", 10, "points", 100),
								Map.of("fromrank", 1, "torank", 1, "points", 500),
								Map.of("fromrank", 2, "torank", 3, "points", 250)),
						"maxwinners", 11),
				Map.of());
		assertThat(set.status()).as(set.text()).isEqualTo(200);
		JsonNode read = api.get("/challenges?id=" + challenge, this.tenant.admin()).json();
		assertThat(read.at("/challenge/payoutbands/0/points").asLong()).isEqualTo(500);
		// The challenge's winners are the preview's: the cap applied.
		assertThat(read.at("/challenge/winners").asLong()).isEqualTo(10);

		JsonNode preview = api
			.post("/challenges/preview?id=" + challenge, this.tenant.coordinator(), null, Map.of("Prefer", "wait=30"))
			.json();
		JsonNode closed = api
			.post("/challenges/close?id=" + challenge, this.tenant.admin(), null, Map.of("Prefer", "wait=30"))
			.json();

		for (JsonNode result : List.of(preview, closed)) {
			assertThat(result.get("winners").asLong()).as(result.toString()).isEqualTo(10);
			assertThat(result.get("points").asLong()).isEqualTo(500 + 3 * 250 + 6 * 100);
			assertThat(result.get("maxwinners").asInt()).isEqualTo(11);
			assertThat(result.get("cutbycap").asLong()).isEqualTo(2);
			assertThat(result.at("/unbanded/winners").asLong()).isZero();
			assertThat(result.get("bands")).isEqualTo(JSON.readTree(
					"""
							[{"fromrank":1,"torank":1,"pointseach":500,"winners":1,"points":500},					{"fromrank":2,"torank":3,"pointseach":250,"winners":3,"points":750},					{"fromrank":4,"torank":10,"pointseach":100,"winners":6,"points":600}]"""));
		}
		assertThat(preview.get("listed")).hasSize(10);
		assertThat(preview.at("/listed/3/participantid").asLong()).isEqualTo(4);
		assertThat(preview.at("/listed/3/points").asLong()).isEqualTo(250);
		Map<Long, Long> paid = jdbc.sql("select participant_id, points from ledger where challenge_id = :c")
			.param("c", challenge)
			.query((rs, n) -> Map.entry(rs.getLong(1), rs.getLong(2)))
			.list()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
		assertThat(paid).isEqualTo(Map.of(1L, 500L, 2L, 250L, 3L, 250L, 4L, 250L, 5L, 100L, 6L, 100L, 7L, 100L, 8L,
				100L, 9L, 100L, 10L, 100L));
		assertThat(jdbc.sql("select participant_id from badge_grant where challenge_id = :c order by participant_id")
			.param("c", challenge)
			.query(Long.class)
			.list()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
		List<ConsumerRecord<String, String>> events = participantEvents(Set.of("2:4"), 2);
		JsonNode fourth = JSON.readTree(events.stream()
			.filter((r) -> "podium.points.recorded.v1".equals(TestMessages.header(r, "ce_type")))
			.findFirst()
			.orElseThrow()
			.value());
		assertThat(fourth.get("points").asLong()).isEqualTo(250);
		assertThat(events).allSatisfy((event) -> assertThat(asContract(event)).isNotNull());
	}

	@Test
	void winnersOutsideEveryBandGetTheRewardPointsAndACapOnATieAtTheTopCutsEveryone() {
		// Ranks 1, 2, 2, 4: the band pays rank 1, the others are paid rewardpoints (50).
		long open = challengeWithResults(null, 40, 30, 30, 20);
		api.send("PUT", "/challenges?id=" + open, this.tenant.admin(),
				Map.of("payoutbands", List.of(Map.of("fromrank", 1, "torank", 1, "points", 500))), Map.of());
		// Three tied for first under a cap of 2: the tie group does not fit, nobody wins.
		long capped = challengeWithResults(null, 40, 40, 40);
		api.send("PUT", "/challenges?id=" + capped, this.tenant.admin(), Map.of("maxwinners", 2), Map.of());

		JsonNode paid = api.post("/challenges/close?id=" + open, this.tenant.admin(), null, Map.of("Prefer", "wait=30"))
			.json();
		JsonNode cut = api
			.post("/challenges/close?id=" + capped, this.tenant.admin(), null, Map.of("Prefer", "wait=30"))
			.json();

		assertThat(paid.get("winners").asLong()).isEqualTo(4);
		assertThat(paid.get("points").asLong()).isEqualTo(500 + 3 * 50);
		assertThat(paid.get("unbanded")).isEqualTo(JSON.readTree("{\"winners\":3,\"pointseach\":50,\"points\":150}"));
		assertThat(jdbc.sql("select sum(points) from ledger where challenge_id = :c")
			.param("c", open)
			.query(Long.class)
			.single()).isEqualTo(650);
		assertThat(cut.get("winners").asLong()).isZero();
		assertThat(cut.get("cutbycap").asLong()).isEqualTo(3);
		assertThat(count("ledger", capped)).isZero();
	}

	/**
	 * Reads an event's body as its contract record, strictly: every field present, none
	 * unknown.
	 */
	private static Object asContract(ConsumerRecord<String, String> record) {
		Class<?> type = MessageTypes.ALL.get(TestMessages.header(record, "ce_type"));
		return STRICT.readValue(record.value(), type);
	}

	@Test
	void aClosedChallengesSnapshotCannotChange() {
		long challenge = challengeWithResults(null, 30);
		api.post("/challenges/close?id=" + challenge, this.tenant.admin(), null, Map.of("Prefer", "wait=30"));

		ApiClient.Response upload = api.send("PUT", "/challenges/results?id=" + challenge, this.tenant.admin(),
				List.of(Map.of("participantid", 7, "metricvalue", 99)), Map.of());

		assertThat(upload.status()).isEqualTo(409);
		assertThat(api.post("/challenges/preview?id=" + challenge, this.tenant.admin(), null).status()).isEqualTo(409);
	}

	@Test
	void aCloseWithoutWinnersAwardsNothingAndStillCloses() {
		long challenge = challengeWithResults(null, 1, 2);

		ApiClient.Response closed = api.post("/challenges/close?id=" + challenge, this.tenant.admin(), null,
				Map.of("Prefer", "wait=30"));

		assertThat(closed.json().get("winners").asLong()).isZero();
		assertThat(count("ledger", challenge)).isZero();
		assertThat(api.get("/challenges?id=" + challenge, this.tenant.admin()).json().at("/challenge/closed").asInt())
			.isEqualTo(1);
	}

	@Test
	void aDeleteRemovesTheChallengeItsAwardsAndGrantsAndAnnouncesEachRemovedRow() {
		long badge = badge("Deleted later");
		long challenge = challengeWithResults(badge, 30, 12, 9);
		api.post("/challenges/close?id=" + challenge, this.tenant.admin(), null, Map.of("Prefer", "wait=30"));

		ApiClient.Response deleted = api.send("DELETE", "/challenges?id=" + challenge, this.tenant.admin(), null,
				Map.of("Prefer", "wait=30"));

		assertThat(deleted.status()).as(deleted.text()).isEqualTo(200);
		assertThat(deleted.json().get("ledgerrows").asInt()).isEqualTo(2);
		assertThat(deleted.json().get("grants").asInt()).isEqualTo(2);
		assertThat(count("ledger", challenge)).isZero();
		assertThat(count("badge_grant", challenge)).isZero();
		assertThat(count("challenge_result", challenge)).isZero();
		assertThat(api.get("/challenges?id=" + challenge, this.tenant.admin()).status()).isEqualTo(404);
		List<ConsumerRecord<String, String>> removals = participantEvents(Set.of("2:1", "2:2"), 8);
		assertThat(removals).allSatisfy((event) -> assertThat(asContract(event)).isNotNull());
		Map<String, Long> byType = removals.stream()
			.collect(Collectors.groupingBy((r) -> TestMessages.header(r, "ce_type"), Collectors.counting()));
		assertThat(byType).containsEntry("podium.points.removed.v1", 2L).containsEntry("podium.badge.revoked.v1", 2L);
	}

	@Test
	void aCloseThatFailsMidwayLeavesNothingHalfDoneAndSucceedsOnceOnRetry() {
		long challenge = challengeWithResults(badge("Crash"), 30, 12, 9);
		jdbc.sql("create table if not exists test_crash_switch (challenge_id bigint primary key)").update();
		jdbc.sql("""
				create or replace function test_crash_close() returns trigger language plpgsql as $$
				begin
				    if new.closed and exists (select 1 from test_crash_switch where challenge_id = new.id) then
				        raise exception 'simulated crash while closing challenge %', new.id;
				    end if;
				    return new;
				end $$""").update();
		jdbc.sql("drop trigger if exists test_crash_close on challenge").update();
		jdbc.sql(
				"create trigger test_crash_close before update on challenge for each row execute function test_crash_close()")
			.update();
		jdbc.sql("insert into test_crash_switch values (:c)").param("c", challenge).update();
		try {
			ApiClient.Response accepted = api.post("/challenges/close?id=" + challenge, this.tenant.admin(), null);
			long job = accepted.json().get("jobid").asLong();
			// The awards are written before the closed flag fails: each attempt rolls all
			// of them back.
			await().atMost(DEADLINE).until(() -> "running".equals(jobStatus(job)));
			await().during(Duration.ofSeconds(2))
				.atMost(Duration.ofSeconds(5))
				.until(() -> count("ledger", challenge) == 0 && count("badge_grant", challenge) == 0
						&& "running".equals(jobStatus(job)));

			jdbc.sql("delete from test_crash_switch where challenge_id = :c").param("c", challenge).update();

			await().atMost(DEADLINE).until(() -> "succeeded".equals(jobStatus(job)));
			assertThat(count("ledger", challenge)).isEqualTo(2);
			assertThat(count("badge_grant", challenge)).isEqualTo(2);
			assertThat(participantEvents(Set.of("2:1", "2:2"), 4)).hasSize(4);
		}
		finally {
			jdbc.sql("drop trigger if exists test_crash_close on challenge").update();
		}
	}

	private String jobStatus(long job) {
		return api.get("/jobs/" + job, this.tenant.admin()).json().get("status").asString();
	}

	/**
	 * A challenge (threshold 10, 50 points) whose participants 1, 2, … have the given
	 * values.
	 */
	private long challengeWithResults(Long badge, double... values) {
		long challenge = challengeWithResults("awards", badge, values);
		jdbc.sql("update challenge set name = :name where id = :id")
			.param("name", "awards " + challenge)
			.param("id", challenge)
			.update();
		return challenge;
	}

	private long badge(String name) {
		return jdbc.sql("insert into badge (organisation_id, name) values (:o, :name) returning id")
			.param("o", this.tenant.organisationId())
			.param("name", name)
			.query(Long.class)
			.single();
	}

	private List<ConsumerRecord<String, String>> participantEvents(Set<String> keys, int expected) {
		String source = "/podium/organisations/" + this.tenant.organisationId();
		return TestMessages.read(Topics.PARTICIPANT_EVENTS,
				(r) -> keys.contains(r.key()) && source.equals(TestMessages.header(r, "ce_source")), expected + 1,
				Duration.ofSeconds(4));
	}

	private static long count(String table, long challenge) {
		return jdbc.sql("select count(*) from " + table + " where challenge_id = :c")
			.param("c", challenge)
			.query(Long.class)
			.single();
	}

}
