package dev.podium.local;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import dev.podium.contracts.ActivityRecorded;
import dev.podium.contracts.Topics;
import dev.podium.platform.outbox.Outbox;
import dev.podium.platform.testing.ApiClient;
import dev.podium.platform.testing.RealInfrastructure;
import dev.podium.platform.testing.TestMessages;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Activities in through HTTP and Kafka, scored by compute for every metric, scope and
 * filter.
 */
class ScoringIntegrationTests extends StackTestSupport {

	private int sequence;

	@Test
	void goodActivitiesAreKeptAndBadOnesListedByIndex() {
		List<Object> rows = new ArrayList<>();
		rows.add(activity("2026-10-02T10:00:00Z", Map.of("user", 1), "observation", true, 1));
		rows.add(Map.of("id", "no-date", "participants", Map.of("user", 1), "kind", "observation"));
		rows.add(Map.of("id", "nobody", "occurredat", "2026-10-02T10:00:00Z", "participants", Map.of(), "kind", "x"));
		rows.add(activity("2026-10-03T10:00:00Z", Map.of("user", 2), "observation", false, 1));

		ApiClient.Response answer = api.post("/activities", this.tenant.admin(), rows);

		assertThat(answer.status()).isEqualTo(202);
		assertThat(answer.json().get("accepted").asInt()).isEqualTo(2);
		assertThat(answer.json().get("rejected").asInt()).isEqualTo(2);
		assertThat(answer.json().at("/errors/0/index").asInt()).isEqualTo(1);
		assertThat(answer.json().at("/errors/0/field").asString()).isEqualTo("occurredat");
		assertThat(answer.json().at("/errors/1/field").asString()).isEqualTo("participants");
		awaitActivities(2);
	}

	@Test
	void aGoodActivityBesideOneWithANulCharacterIsScoredAndOnlyTheBadOneRejected() {
		List<Object> rows = new ArrayList<>();
		rows.add(activity("2026-10-02T10:00:00Z", Map.of("user", 1), "observation", true, 1));
		rows.add(activity("2026-10-02T11:00:00Z", Map.of("user", 2), "obser\u0000vation", true, 1));

		ApiClient.Response answer = api.post("/activities", this.tenant.admin(), rows);

		assertThat(answer.status()).isEqualTo(202);
		assertThat(answer.json().get("accepted").asInt()).as(answer.text()).isEqualTo(1);
		assertThat(answer.json().at("/errors/0/index").asInt()).isEqualTo(1);
		assertThat(answer.json().at("/errors/0/field").asString()).isEqualTo("kind");
		awaitActivities(1);
		assertThat(values(compute(challenge(0, 2, 1)))).containsExactly(Map.entry(1L, 1.0));
	}

	/**
	 * The worker's own guard, for a record that did not come through the edge: the good
	 * activity of the poll lands, only the one the database refuses is dead-lettered,
	 * with its reason.
	 */
	@Test
	void aWorkerDeadLettersOnlyTheActivityTheDatabaseRefusesAndKeepsTheRestOfThePoll() throws Exception {
		long organisation = this.tenant.organisationId();
		ActivityRecorded.Participants who = new ActivityRecorded.Participants(null, null, 7L, null);
		ActivityRecorded good = new ActivityRecorded(organisation, "poll-good", Instant.parse("2026-10-02T10:00:00Z"),
				who, "observation", true, BigDecimal.ONE, Map.of());
		ActivityRecorded bad = new ActivityRecorded(organisation, "poll-bad", Instant.parse("2026-10-02T10:00:00Z"),
				who, "obser\u0000vation", true, BigDecimal.ONE, Map.of());
		ActivityRecorded after = new ActivityRecorded(organisation, "poll-after", Instant.parse("2026-10-03T10:00:00Z"),
				who, "observation", true, BigDecimal.ONE, Map.of());
		Properties properties = new Properties();
		properties.put("bootstrap.servers", RealInfrastructure.bootstrapServers());
		properties.put("linger.ms", "50");
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(),
				new StringSerializer())) {
			for (ActivityRecorded activity : List.of(good, bad, after)) {
				ProducerRecord<String, String> record = new ProducerRecord<>(Topics.ACTIVITIES, who.key(),
						JsonMapper.shared().writeValueAsString(activity));
				record.headers().add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
				record.headers().add("ce_type", ActivityRecorded.TYPE.getBytes(StandardCharsets.UTF_8));
				record.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
				record.headers().add("ce_source", Outbox.source(organisation).getBytes(StandardCharsets.UTF_8));
				producer.send(record);
			}
			producer.flush();
		}

		// The close-worker, the activities' writer, dead-letters the bad record, and only
		// it (the badge-rule-worker counts what it wrote, and would dead-letter it too
		// only if it had to write the poll itself: decision 18).
		String organisationField = "\"organisationId\":" + organisation + ",";
		List<ConsumerRecord<String, String>> dead = TestMessages.read(Topics.deadLetter(Topics.ACTIVITIES),
				(r) -> r.value().contains(organisationField), 1, Duration.ofSeconds(60));
		assertThat(dead).isNotEmpty().allSatisfy((r) -> {
			assertThat(r.value()).contains("\"poll-bad\"");
			assertThat(TestMessages.header(r, "kafka_dlt-exception-message")).contains("poll-bad")
				.contains("cannot be stored");
		});
		await().atMost(Duration.ofSeconds(30)).until(() -> activities() == 2);
		assertThat(jdbc.sql("select id from activity where organisation_id = :o order by id")
			.param("o", organisation)
			.query(String.class)
			.list()).containsExactly("poll-after", "poll-good");
	}

	@Test
	void namesCarriedOnActivitiesNameTheirParticipantsAndBadNamesAreRejectedByIndex() {
		List<Object> rows = new ArrayList<>();
		rows.add(named("2026-10-02T10:00:00Z", Map.of("user", 17, "unit", 4),
				Map.of("user", " Ada Lovelace ", "unit", "Ward 4")));
		rows.add(named("2026-10-03T10:00:00Z", Map.of("user", 18), Map.of("unit", "Ward 9")));
		rows.add(named("2026-10-03T10:00:00Z", Map.of("user", 18), Map.of("user", 42)));
		rows.add(named("2026-10-03T10:00:00Z", Map.of("user", 18), Map.of("role", "nurse")));
		// Two names for one participant in one request: the later activity's wins.
		rows.add(named("2026-10-05T10:00:00Z", Map.of("user", 19), Map.of("user", "Grace Hopper")));
		rows.add(named("2026-10-04T10:00:00Z", Map.of("user", 19), Map.of("user", "G. Hopper")));

		ApiClient.Response answer = api.post("/activities", this.tenant.admin(), rows);

		assertThat(answer.status()).isEqualTo(202);
		assertThat(answer.json().get("accepted").asInt()).as(answer.text()).isEqualTo(3);
		assertThat(answer.json().at("/errors/0/field").asString()).isEqualTo("names.unit");
		assertThat(answer.json().at("/errors/1/field").asString()).isEqualTo("names.user");
		assertThat(answer.json().at("/errors/2/field").asString()).isEqualTo("names.role");
		awaitActivities(3);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(directory()).containsEntry("2:17", "Ada Lovelace")
				.containsEntry("1:4", "Ward 4")
				.containsEntry("2:19", "Grace Hopper")
				.hasSize(3));

		long challenge = compute(challenge(0, 2, 1));
		JsonNode row = api.get("/challenges/results?id=" + challenge, this.tenant.viewer())
			.json()
			.get("rows")
			.valueStream()
			.filter((r) -> r.get("participantid").asLong() == 17)
			.findFirst()
			.orElseThrow();
		assertThat(row.get("name").asString()).isEqualTo("Ada Lovelace");

		send(named("2026-10-06T10:00:00Z", Map.of("user", 17), Map.of("user", "Ada King")));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(directory()).containsEntry("2:17", "Ada King"));
	}

	@Test
	void ndjsonIsAcceptedAndResentActivitiesAreKeptOnce() {
		String line = "{\"id\":\"n-1\",\"occurredat\":\"2026-10-02T10:00:00Z\",\"participants\":{\"user\":1},\"kind\":\"session\"}";
		// CRLF line ends, a blank line and leading white space are all NDJSON
		String ndjson = "\r\n  " + line + "\r\n\r\n" + line.replace("n-1", "n-2") + "\n";

		assertThat(api.post("/activities", this.tenant.admin(), ndjson).json().get("accepted").asInt()).isEqualTo(2);
		assertThat(api.post("/activities", this.tenant.admin(), ndjson).json().get("accepted").asInt()).isEqualTo(2);

		awaitActivities(2);
		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> activities() == 2);
	}

	@Test
	void aBodyThatIsNotJsonLosesNothingAndNamesItsFormat() {
		String ndjson = "{\"id\":\"b-1\",\"occurredat\":\"2026-10-02T10:00:00Z\",\"participants\":{\"user\":1},\"kind\":\"x\"}\n{\"id\":";

		ApiClient.Response answer = api.post("/activities", this.tenant.admin(), ndjson);

		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.json().get("code").asString()).isEqualTo("invalid_body");
		assertThat(
				api.post("/activities", this.tenant.admin(), "  [" + ndjson.lines().findFirst().get() + "] x").status())
			.isEqualTo(400);
		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> activities() == 0);
	}

	@Test
	void moreThanTenThousandActivitiesIsTooLarge() {
		StringBuilder ndjson = new StringBuilder();
		for (int i = 0; i <= 10_000; i++) {
			ndjson.append("{\"id\":\"").append(i).append("\"}\n");
		}
		assertThat(api.post("/activities", this.tenant.admin(), ndjson.toString()).status()).isEqualTo(413);
	}

	@Test
	void countRateAndSumScoreUsersAndComputeNeverAwards() {
		send(activity("2026-10-02T10:00:00Z", Map.of("user", 1), "observation", true, 2),
				activity("2026-10-03T10:00:00Z", Map.of("user", 1), "observation", false, 3),
				activity("2026-10-04T10:00:00Z", Map.of("user", 1), "observation", true, 5),
				activity("2026-10-04T10:00:00Z", Map.of("user", 2), "observation", true, 7),
				activity("2026-11-04T10:00:00Z", Map.of("user", 2), "observation", true, 100));

		assertThat(values(compute(challenge(0, 2, 2)))).containsExactly(Map.entry(1L, 3.0), Map.entry(2L, 1.0));
		assertThat(values(compute(challenge(1, 2, 60)))).containsExactly(Map.entry(2L, 100.0), Map.entry(1L, 66.6667));
		assertThat(values(compute(challenge(4, 2, 10)))).containsExactly(Map.entry(1L, 10.0), Map.entry(2L, 7.0));
		assertThat(jdbc.sql("select count(*) from ledger where organisation_id = :o")
			.param("o", this.tenant.organisationId())
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void improvementIsTheRateNowMinusTheRateInThePriorPeriod() {
		send(activity("2026-09-10T10:00:00Z", Map.of("user", 1), "observation", true, 1),
				activity("2026-09-11T10:00:00Z", Map.of("user", 1), "observation", false, 1),
				activity("2026-10-10T10:00:00Z", Map.of("user", 1), "observation", true, 1),
				activity("2026-10-11T10:00:00Z", Map.of("user", 2), "observation", true, 1));
		Map<String, Object> fields = fields(2, 2, 10);
		fields.put("priorperiodstart", "2026-09-01");
		fields.put("priorperiodend", "2026-09-30");

		// user 1: 100 % now, 50 % before; user 2 has no prior period and is not scored.
		assertThat(values(compute(create(fields)))).containsExactly(Map.entry(1L, 50.0));
	}

	@Test
	void theLongestStreakCountsDaysInTheOrganisationsTimeZoneAcrossMonthEnds() {
		jdbc.sql("update organisation set time_zone = 'America/New_York' where id = :o")
			.param("o", this.tenant.organisationId())
			.update();
		// Local days Oct 30, Oct 31 (23:30 local is Nov 1 in UTC), Nov 1, then a bad Nov
		// 2, then Nov 3.
		send(activity("2026-10-30T12:00:00-04:00", Map.of("user", 1), "observation", true, 1),
				activity("2026-10-31T23:30:00-04:00", Map.of("user", 1), "observation", true, 1),
				activity("2026-11-01T12:00:00-05:00", Map.of("user", 1), "observation", true, 1),
				activity("2026-11-02T12:00:00-05:00", Map.of("user", 1), "observation", false, 1),
				activity("2026-11-03T12:00:00-05:00", Map.of("user", 1), "observation", true, 1),
				activity("2026-11-03T12:00:00-05:00", Map.of("user", 2), "observation", false, 1));
		Map<String, Object> fields = fields(3, 2, 3);
		fields.put("startdate", "2026-10-01");
		fields.put("enddate", "2026-11-30");
		fields.put("streakthreshold", 80);

		assertThat(values(compute(create(fields)))).containsExactly(Map.entry(1L, 3.0), Map.entry(2L, 0.0));
	}

	@Test
	void aTeamIsScoredOverTheUnionOfItsActiveMembersActivities() {
		long team = jdbc.sql("insert into team (organisation_id, name) values (:o, 'Ward A') returning id")
			.param("o", this.tenant.organisationId())
			.query(Long.class)
			.single();
		long inactive = jdbc
			.sql("insert into team (organisation_id, name, active) values (:o, 'Old', false) returning id")
			.param("o", this.tenant.organisationId())
			.query(Long.class)
			.single();
		jdbc.sql("""
				insert into team_member (team_id, participant_type, participant_id)
				values (:team, 1, 4), (:team, 2, 17), (:inactive, 2, 17)
				""").param("team", team).param("inactive", inactive).update();
		send(activity("2026-10-02T10:00:00Z", Map.of("unit", 4, "user", 17), "observation", true, 1),
				activity("2026-10-03T10:00:00Z", Map.of("unit", 4), "observation", true, 1),
				activity("2026-10-04T10:00:00Z", Map.of("user", 17), "observation", true, 1),
				activity("2026-10-05T10:00:00Z", Map.of("user", 99), "observation", true, 1));

		// The first activity belongs to two members but counts once; the inactive team is
		// not scored.
		assertThat(values(compute(challenge(0, 4, 1)))).containsExactly(Map.entry(team, 3.0));
	}

	@Test
	void scopeIdGroupFilterAndRuleJsonNarrowWhatCounts() {
		send(activityWith("2026-10-02T10:00:00Z", Map.of("user", 1, "group", 3), Map.of("moment", "before")),
				activityWith("2026-10-03T10:00:00Z", Map.of("user", 1, "group", 5), Map.of("moment", "after")),
				activityWith("2026-10-04T10:00:00Z", Map.of("user", 2, "group", 3), Map.of("moment", "before")),
				activityWith("2026-10-05T10:00:00Z", Map.of("user", 2, "group", 3), Map.of("moment", "other")));

		Map<String, Object> onlyUser2 = fields(0, 2, 1);
		onlyUser2.put("scopeid", 2);
		Map<String, Object> group3 = fields(0, 2, 1);
		group3.put("groupfilter", "3");
		Map<String, Object> rule = fields(0, 2, 1);
		rule.put("rulejson", "moment=before,after");
		Map<String, Object> ruleObject = fields(0, 2, 1);
		ruleObject.put("rulejson", "{\"moment\":\"after\"}");

		assertThat(values(compute(create(onlyUser2)))).containsExactly(Map.entry(2L, 2.0));
		assertThat(values(compute(create(group3)))).containsExactly(Map.entry(2L, 2.0), Map.entry(1L, 1.0));
		assertThat(values(compute(create(rule)))).containsExactly(Map.entry(1L, 2.0), Map.entry(2L, 1.0));
		assertThat(values(compute(create(ruleObject)))).containsExactly(Map.entry(1L, 1.0));
	}

	@Test
	void aChallengeWithoutActivitiesComputesAnEmptySnapshot() {
		ApiClient.Response computed = api.post("/challenges/compute?id=" + challenge(0, 2, 1), this.tenant.admin(),
				null, Map.of("Prefer", "wait=30"));

		assertThat(computed.status()).as(computed.text()).isEqualTo(200);
		assertThat(computed.json().get("participants").asInt()).isZero();
	}

	private long compute(long challenge) {
		ApiClient.Response computed = api.post("/challenges/compute?id=" + challenge, this.tenant.coordinator(), null,
				Map.of("Prefer", "wait=30"));
		assertThat(computed.status()).as(computed.text()).isEqualTo(200);
		return challenge;
	}

	private List<Map.Entry<Long, Double>> values(long challenge) {
		JsonNode rows = api.get("/challenges/results?id=" + challenge + "&perPage=100", this.tenant.viewer())
			.json()
			.get("rows");
		return rows.valueStream()
			.map((r) -> Map.entry(r.get("participantid").asLong(), r.get("metricvalue").asDouble()))
			.toList();
	}

	private long challenge(int metric, int scope, double threshold) {
		return create(fields(metric, scope, threshold));
	}

	private static Map<String, Object> fields(int metric, int scope, double threshold) {
		return new HashMap<>(Map.of("name", "scored", "metric", metric, "scope", scope, "threshold", threshold,
				"startdate", "2026-10-01", "enddate", "2026-10-31", "rewardpoints", 10, "streakthreshold", 50));
	}

	private long create(Map<String, Object> fields) {
		ApiClient.Response created = api.post("/challenges", this.tenant.admin(), fields);
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		return created.json().get("id").asLong();
	}

	private Map<String, Object> activity(String at, Map<String, Object> participants, String kind, boolean outcome,
			double value) {
		return Map.of("id", "a-" + (++this.sequence), "occurredat", at, "participants", participants, "kind", kind,
				"outcome", outcome, "value", value);
	}

	private Map<String, Object> named(String at, Map<String, Object> participants, Map<String, Object> names) {
		return Map.of("id", "a-" + (++this.sequence), "occurredat", at, "participants", participants, "kind",
				"observation", "names", names);
	}

	private Map<String, String> directory() {
		Map<String, String> names = new java.util.TreeMap<>();
		jdbc.sql("select participant_type, participant_id, name from participant where organisation_id = :o")
			.param("o", this.tenant.organisationId())
			.query((rs, n) -> names.put(rs.getInt(1) + ":" + rs.getLong(2), rs.getString(3)))
			.list();
		return names;
	}

	private Map<String, Object> activityWith(String at, Map<String, Object> participants,
			Map<String, Object> attributes) {
		return Map.of("id", "a-" + (++this.sequence), "occurredat", at, "participants", participants, "kind",
				"observation", "attributes", attributes);
	}

	@SafeVarargs
	private void send(Map<String, Object>... activities) {
		ApiClient.Response answer = api.post("/activities", this.tenant.admin(), List.of(activities));
		assertThat(answer.json().get("accepted").asInt()).as(answer.text()).isEqualTo(activities.length);
		awaitActivities(activities.length);
	}

	private void awaitActivities(long expected) {
		await().atMost(Duration.ofSeconds(30)).until(() -> activities() >= expected);
	}

	private long activities() {
		return jdbc.sql("select count(*) from activity where organisation_id = :o")
			.param("o", this.tenant.organisationId())
			.query(Long.class)
			.single();
	}

}
