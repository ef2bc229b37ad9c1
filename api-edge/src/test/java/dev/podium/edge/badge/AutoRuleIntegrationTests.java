package dev.podium.edge.badge;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.podium.contracts.BackfillRule;
import dev.podium.contracts.Topics;
import dev.podium.edge.EdgeTest;
import dev.podium.edge.EdgeTestSupport;
import dev.podium.platform.testing.ApiClient;
import dev.podium.platform.testing.TestMessages;
import dev.podium.platform.testing.TestTenant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@EdgeTest
class AutoRuleIntegrationTests extends EdgeTestSupport {

	@Autowired
	JdbcClient jdbc;

	@Test
	void aNewRuleIs201AndTheSamePairAgainUpdatesItWith200() {
		long badge = badge("Veteran");

		ApiClient.Response created = this.api.post("/badges/auto-rules", this.tenant.admin(),
				Map.of("badgeid", badge, "ruletype", 3, "threshold", 10, "kind", "session"));
		ApiClient.Response again = this.api.post("/badges/auto-rules", this.tenant.admin(),
				Map.of("badgeid", badge, "ruletype", 3, "threshold", 25, "kind", "training_completion"));

		assertThat(created.status()).as(created.text()).isEqualTo(201);
		assertThat(again.status()).as(again.text()).isEqualTo(200);
		long id = created.json().get("id").asLong();
		assertThat(again.json().get("id").asLong()).isEqualTo(id);
		JsonNode rule = again.json().get("rule");
		assertThat(rule.get("badgeid").asLong()).isEqualTo(badge);
		assertThat(rule.get("badgename").asString()).isEqualTo("Veteran");
		assertThat(rule.get("ruletype").asInt()).isEqualTo(3);
		assertThat(rule.get("threshold").asLong()).isEqualTo(25);
		assertThat(rule.get("kind").asString()).isEqualTo("training_completion");
		assertThat(liveRules(badge)).isEqualTo(1);
	}

	@Test
	void concurrentCreatesOfOnePairWriteOneRule() throws Exception {
		long badge = badge("Race");

		List<ApiClient.Response> answers = GrantIntegrationTests.concurrently(8, () -> this.api
			.post("/badges/auto-rules", this.tenant.admin(), Map.of("badgeid", badge, "ruletype", 0, "threshold", 4)));

		assertThat(answers).extracting(ApiClient.Response::status).containsOnly(200, 201);
		assertThat(answers).filteredOn((a) -> a.status() == 201).hasSize(1);
		assertThat(answers.stream().map((a) -> a.json().get("id").asLong()).distinct()).hasSize(1);
		assertThat(liveRules(badge)).isEqualTo(1);
	}

	@Test
	void anotherRuleTypeOfTheSameBadgeIsAnotherRule() {
		long badge = badge("Two rules");

		long a = this.api
			.post("/badges/auto-rules", this.tenant.admin(), Map.of("badgeid", badge, "ruletype", 0, "threshold", 3))
			.json()
			.get("id")
			.asLong();
		long b = this.api
			.post("/badges/auto-rules", this.tenant.admin(), Map.of("badgeid", badge, "ruletype", 2, "threshold", 1000))
			.json()
			.get("id")
			.asLong();

		assertThat(a).isNotEqualTo(b);
		JsonNode list = this.api.get("/badges/auto-rules?badgeid=" + badge, this.tenant.viewer()).json();
		assertThat(list.get("totalrows").asLong()).isEqualTo(2);
		assertThat(ids(list)).containsExactly(b, a);
		assertThat(this.api.get("/badges/auto-rules?id=" + a, this.tenant.coordinator())
			.json()
			.at("/rule/ruletype")
			.asInt()).isZero();
	}

	@Test
	void aGlobalBadgeMayCarryARuleInEveryOrganisation() {
		long global = this.jdbc.sql("insert into badge (name) values ('global rule') returning id")
			.query(Long.class)
			.single();
		TestTenant other = TestTenant.create(this.context);

		ApiClient.Response ours = this.api.post("/badges/auto-rules", this.tenant.admin(),
				Map.of("badgeid", global, "ruletype", 0, "threshold", 3));
		ApiClient.Response theirs = this.api.post("/badges/auto-rules", other.admin(),
				Map.of("badgeid", global, "ruletype", 0, "threshold", 5));

		assertThat(ours.status()).isEqualTo(201);
		assertThat(theirs.status()).isEqualTo(201);
		assertThat(this.api.get("/badges/auto-rules", this.tenant.admin()).json().at("/rows/0/threshold").asLong())
			.isEqualTo(3);
		assertThat(this.api.get("/badges/auto-rules", this.tenant.admin()).json().get("totalrows").asLong())
			.isEqualTo(1);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "null", textBlock = """
			badgeid   | null | 0    | 5       | null
			badgeid   | x    | 0    | 5       | null
			ruletype  | ok   | null | 5       | null
			ruletype  | ok   | 5    | 5       | null
			ruletype  | ok   | -1   | 5       | null
			threshold | ok   | 0    | null    | null
			threshold | ok   | 0    | 0       | null
			threshold | ok   | 0    | -3      | null
			threshold | ok   | 0    | 1.5     | null
			threshold | ok   | 0    | many    | null
			kind      | ok   | 3    | 5       | null
			kind      | ok   | 4    | 5       | '  '
			kind      | ok   | 0    | 5       | session
			kind      | ok   | 2    | 5       | session
			""")
	void everyInvalidFieldIsNamed(String field, String badge, String ruleType, String threshold, String kind) {
		Map<String, Object> fields = new HashMap<>();
		if (badge != null) {
			fields.put("badgeid", badge.equals("ok") ? Long.toString(badge("valid")) : badge);
		}
		put(fields, "ruletype", ruleType);
		put(fields, "threshold", threshold);
		put(fields, "kind", kind);

		ApiClient.Response refused = this.api.post("/badges/auto-rules", this.tenant.admin(), fields);

		assertThat(refused.status()).as(refused.text()).isEqualTo(400);
		assertThat(refused.json().get("field").asString()).isEqualTo(field);
	}

	@Test
	void theBadgeMustBeActiveAndVisible() {
		long inactive = badge("inactive");
		this.api.send("DELETE", "/badges?id=" + inactive, this.tenant.admin(), null, Map.of());
		long theirs = this.api.post("/badges", TestTenant.create(this.context).admin(), Map.of("name", "theirs"))
			.json()
			.get("id")
			.asLong();

		for (long badge : List.of(inactive, theirs, 999_999_999L)) {
			ApiClient.Response refused = this.api.post("/badges/auto-rules", this.tenant.admin(),
					Map.of("badgeid", badge, "ruletype", 0, "threshold", 1));
			assertThat(refused.status()).isEqualTo(400);
			assertThat(refused.json().get("field").asString()).isEqualTo("badgeid");
		}
	}

	@Test
	void deleteIsSoftGrantsStayAndThePairMayBeCreatedAfresh() {
		long badge = badge("Deletable");
		long rule = this.api
			.post("/badges/auto-rules", this.tenant.admin(), Map.of("badgeid", badge, "ruletype", 1, "threshold", 2))
			.json()
			.get("id")
			.asLong();
		this.jdbc.sql("""
				insert into badge_grant (organisation_id, badge_id, participant_type, participant_id, source, rule_id)
				values (:o, :b, 2, 9, 'rule', :r)
				""").param("o", this.tenant.organisationId()).param("b", badge).param("r", rule).update();

		ApiClient.Response deleted = this.api.send("DELETE", "/badges/auto-rules?id=" + rule, this.tenant.admin(), null,
				Map.of());
		ApiClient.Response again = this.api.send("DELETE", "/badges/auto-rules?id=" + rule, this.tenant.admin(), null,
				Map.of());
		ApiClient.Response recreated = this.api.post("/badges/auto-rules", this.tenant.admin(),
				Map.of("badgeid", badge, "ruletype", 1, "threshold", 4));

		assertThat(deleted.status()).isEqualTo(200);
		assertThat(again.status()).as("a deleted rule is gone").isEqualTo(404);
		assertThat(this.api.get("/badges/auto-rules?id=" + rule, this.tenant.admin()).status()).isEqualTo(404);
		assertThat(recreated.status()).isEqualTo(201);
		assertThat(recreated.json().get("id").asLong()).isNotEqualTo(rule);
		assertThat(this.jdbc.sql("select deleted_at is not null from badge_rule where id = :r")
			.param("r", rule)
			.query(Boolean.class)
			.single()).isTrue();
		JsonNode grants = this.api.get("/challenges/badges?badgeid=" + badge, this.tenant.admin()).json();
		assertThat(grants.get("totalrows").asLong()).isEqualTo(1);
		assertThat(grants.at("/rows/0/ruleid").asLong()).isEqualTo(rule);
		assertThat(grants.at("/rows/0/revokedat").isNull()).isTrue();
	}

	@Test
	void theDatabaseHoldsOneLiveRulePerBadgeAndType() {
		long badge = badge("Constrained");
		String insert = """
				insert into badge_rule (organisation_id, badge_id, rule_type, threshold) values (:o, :b, 0, 1)
				""";
		this.jdbc.sql(insert).param("o", this.tenant.organisationId()).param("b", badge).update();

		assertThatThrownBy(
				() -> this.jdbc.sql(insert).param("o", this.tenant.organisationId()).param("b", badge).update())
			.isInstanceOf(DataIntegrityViolationException.class);
		assertThatThrownBy(() -> this.jdbc.sql("""
				insert into badge_rule (organisation_id, badge_id, rule_type, threshold) values (:o, :b, 3, 1)
				""").param("o", this.tenant.organisationId()).param("b", badge).update())
			.as("kind is required for rule type 3")
			.isInstanceOf(DataIntegrityViolationException.class);
		assertThatThrownBy(() -> this.jdbc.sql("""
				insert into badge_grant (organisation_id, badge_id, participant_type, participant_id, source, rule_id)
				values (:o, :b, 2, 1, 'rule', 999999999)
				""").param("o", this.tenant.organisationId()).param("b", badge).update())
			.as("a rule grant names an existing rule")
			.isInstanceOf(DataIntegrityViolationException.class);
	}

	@Test
	void anotherOrganisationsRuleIsNotFoundOnEveryRoute() {
		long badge = badge("Scoped");
		long rule = this.api
			.post("/badges/auto-rules", this.tenant.admin(), Map.of("badgeid", badge, "ruletype", 0, "threshold", 2))
			.json()
			.get("id")
			.asLong();
		TestTenant other = TestTenant.create(this.context);

		assertThat(this.api.get("/badges/auto-rules?id=" + rule, other.admin()).status()).isEqualTo(404);
		assertThat(this.api.send("DELETE", "/badges/auto-rules?id=" + rule, other.admin(), null, Map.of()).status())
			.isEqualTo(404);
		assertThat(this.api.get("/badges/auto-rules", other.admin()).json().get("totalrows").asLong()).isZero();
		assertThat(this.api.get("/badges/auto-rules?id=" + rule, this.tenant.admin()).status()).isEqualTo(200);
	}

	@Test
	void aNewRuleQueuesItsBackfillInTheSameTransaction() {
		long badge = badge("Back-filled");

		ApiClient.Response created = this.api.post("/badges/auto-rules", this.tenant.admin(),
				Map.of("badgeid", badge, "ruletype", 2, "threshold", 500));

		assertThat(created.status()).as(created.text()).isEqualTo(201);
		long rule = created.json().get("id").asLong();
		long job = created.json().get("jobid").asLong();
		JsonNode polled = this.api.get("/jobs/" + job, this.tenant.admin()).json();
		assertThat(polled.get("type").asString()).isEqualTo("rule-backfill");
		assertThat(polled.get("status").asString()).isEqualTo("queued");
		BackfillRule command = command(rule, job);
		assertThat(command).isEqualTo(new BackfillRule(this.tenant.organisationId(), job, rule, false));
	}

	@Test
	void onlyALowerThresholdOrAnotherKindQueuesABackfillAgain() {
		long badge = badge("Tuned");
		Map<String, Object> fields = new HashMap<>(
				Map.of("badgeid", badge, "ruletype", 3, "threshold", 10, "kind", "session"));
		JsonNode created = this.api.post("/badges/auto-rules", this.tenant.admin(), fields).json();

		fields.put("threshold", 10);
		JsonNode same = this.api.post("/badges/auto-rules", this.tenant.admin(), fields).json();
		fields.put("threshold", 20);
		JsonNode raised = this.api.post("/badges/auto-rules", this.tenant.admin(), fields).json();
		fields.put("threshold", 5);
		JsonNode lowered = this.api.post("/badges/auto-rules", this.tenant.admin(), fields).json();
		fields.put("kind", "training_completion");
		JsonNode otherKind = this.api.post("/badges/auto-rules", this.tenant.admin(), fields).json();

		assertThat(created.get("jobid").isNumber()).isTrue();
		assertThat(same.get("jobid").isNull()).as(same.toString()).isTrue();
		assertThat(raised.get("jobid").isNull()).as(raised.toString()).isTrue();
		assertThat(lowered.get("jobid").isNumber()).as(lowered.toString()).isTrue();
		assertThat(otherKind.get("jobid").isNumber()).as(otherKind.toString()).isTrue();
		assertThat(this.jdbc.sql("select count(*) from job where organisation_id = :o and type = 'rule-backfill'")
			.param("o", this.tenant.organisationId())
			.query(Long.class)
			.single()).isEqualTo(3);
	}

	@Test
	void aPreviewIsAJobWithItsCommand() {
		long badge = badge("Previewed");
		long rule = this.api
			.post("/badges/auto-rules", this.tenant.admin(), Map.of("badgeid", badge, "ruletype", 0, "threshold", 2))
			.json()
			.get("id")
			.asLong();

		ApiClient.Response preview = this.api.post("/badges/auto-rules/preview?id=" + rule, this.tenant.coordinator(),
				null);

		assertThat(preview.status()).as(preview.text()).isEqualTo(202);
		long job = preview.json().get("jobid").asLong();
		assertThat(preview.header("Location")).isEqualTo("/jobs/" + job);
		assertThat(preview.json().get("status").asString()).isEqualTo("queued");
		assertThat(command(rule, job)).isEqualTo(new BackfillRule(this.tenant.organisationId(), job, rule, true));
	}

	@Test
	void aPreviewOfADeletedOrMissingRuleIsNotFound() {
		long rule = this.api
			.post("/badges/auto-rules", this.tenant.admin(),
					Map.of("badgeid", badge("Deleted"), "ruletype", 0, "threshold", 2))
			.json()
			.get("id")
			.asLong();
		this.api.send("DELETE", "/badges/auto-rules?id=" + rule, this.tenant.admin(), null, Map.of());

		assertThat(this.api.post("/badges/auto-rules/preview?id=" + rule, this.tenant.admin(), null).status())
			.isEqualTo(404);
		assertThat(this.api.post("/badges/auto-rules/preview?id=999999999", this.tenant.admin(), null).status())
			.isEqualTo(404);
		ApiClient.Response bad = this.api.post("/badges/auto-rules/preview?id=x", this.tenant.admin(), null);
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.json().get("field").asString()).isEqualTo("id");
	}

	/** The back-fill command the edge published for a rule's job. */
	private static BackfillRule command(long rule, long job) {
		List<ConsumerRecord<String, String>> commands = TestMessages.read(Topics.RULE_COMMANDS,
				(r) -> Long.toString(rule).equals(r.key()) && r.value().contains("\"jobId\":" + job + ","), 1,
				Duration.ofSeconds(30));
		assertThat(commands).hasSize(1);
		assertThat(TestMessages.header(commands.get(0), "ce_type")).isEqualTo(BackfillRule.TYPE);
		return JsonMapper.builder().build().readValue(commands.get(0).value(), BackfillRule.class);
	}

	private long badge(String name) {
		return this.api.post("/badges", this.tenant.admin(), Map.of("name", name)).json().get("id").asLong();
	}

	private long liveRules(long badge) {
		return this.jdbc.sql("select count(*) from badge_rule where badge_id = :b and deleted_at is null")
			.param("b", badge)
			.query(Long.class)
			.single();
	}

	private static void put(Map<String, Object> fields, String field, String value) {
		if (value != null) {
			fields.put(field, value);
		}
	}

	private static List<Long> ids(JsonNode list) {
		return list.get("rows").valueStream().map((r) -> r.get("id").asLong()).toList();
	}

}
