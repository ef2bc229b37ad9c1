package dev.podium.edge.compat.badgedefinitions;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import dev.podium.edge.EdgeTest;
import dev.podium.edge.EdgeTestSupport;
import dev.podium.platform.testing.ApiClient;
import dev.podium.platform.testing.TestTenant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static dev.podium.edge.compat.SeedExamples.assertShape;
import static dev.podium.edge.compat.SeedExamples.example;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed 003's badge-definitions contract: its examples fed verbatim, each field checked
 * for presence, type and value; validation, names unique per organisation, roles, and
 * that a definition is a badge with an auto-rule on surface A.
 */
@EdgeTest
class BadgeDefinitionIntegrationTests extends EdgeTestSupport {

	private static final String PATH = "/api/v1/badge-definitions";

	/** The fields whose values are ours, not the example's: ids and times. */
	private static final Set<String> OURS = Set.of("id", "organisation_id", "created_at", "updated_at");

	private static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	JdbcClient jdbc;

	@Test
	void theCreateExampleAnswersTheSeedsCreateAnswer() {
		ApiClient.Response created = this.api.post(PATH, this.tenant.admin(), example("003-create-request.json"));

		assertThat(created.status()).as(created.text()).isEqualTo(201);
		JsonNode answer = created.json();
		JsonNode expected = example("003-create-response.json");
		assertShape(expected, answer, Set.of(), Set.of());
		assertSameValues(expected, answer);
		assertOurs(answer);
	}

	@Test
	void theUpdateExampleAnswersTheSeedsUpdateAnswer() {
		String id = create(example("003-create-request.json"));

		ApiClient.Response updated = this.api.send("PUT", PATH + "/" + id, this.tenant.admin(),
				example("003-update-request.json"), Map.of());

		assertThat(updated.status()).as(updated.text()).isEqualTo(200);
		JsonNode answer = updated.json();
		JsonNode expected = example("003-update-response.json");
		assertShape(expected, answer, Set.of(), Set.of());
		assertSameValues(expected, answer);
		assertOurs(answer);
		assertThat(answer.get("id").asString()).isEqualTo(id);
	}

	@Test
	void theGetExampleCountsUnrevokedGrantsOnly() {
		JsonNode expected = example("003-get-response.json");
		String id = create(writable(expected));
		for (int participant = 1; participant <= 48; participant++) {
			ApiClient.Response granted = this.api.post("/badges/grant", this.tenant.admin(),
					Map.of("badgeid", Long.parseLong(id), "participanttype", 2, "participantid", participant));
			assertThat(granted.status()).as(granted.text()).isEqualTo(201);
			if (participant == 48) {
				this.api.post("/badges/revoke", this.tenant.admin(),
						Map.of("grantid", granted.json().get("id").asLong(), "reason", "test"));
			}
		}

		ApiClient.Response read = this.api.get(PATH + "/" + id, this.tenant.participant());

		assertThat(read.status()).as(read.text()).isEqualTo(200);
		assertShape(expected, read.json(), Set.of(), Set.of());
		assertSameValues(expected, read.json());
		assertThat(read.json().get("earned_count").asLong()).isEqualTo(47);
		assertOurs(read.json());
	}

	@Test
	void theListExampleListsTheOrganisationsDefinitionsOldestFirst() {
		JsonNode expected = example("003-list-response.json");
		for (JsonNode item : expected.get("data")) {
			create(writable(item));
		}
		create(writable(example("003-create-request.json")), TestTenant.create(this.context).admin());

		ApiClient.Response listed = this.api.get(PATH, this.tenant.coordinator());

		assertThat(listed.status()).as(listed.text()).isEqualTo(200);
		JsonNode answer = listed.json();
		assertShape(expected, answer, Set.of(), Set.of());
		assertThat(answer.get("data")).hasSize(2);
		for (int i = 0; i < 2; i++) {
			assertSameValues(expected.get("data").get(i), answer.get("data").get(i));
			assertOurs(answer.get("data").get(i));
			assertThat(answer.get("data").get(i).has("locked_icon_url")).isFalse();
			assertThat(answer.get("data").get(i).has("earned_count")).isFalse();
		}
		assertThat(answer.get("pagination").get("page").asInt()).isEqualTo(1);
		assertThat(answer.get("pagination").get("limit").asInt()).isEqualTo(20);
		assertThat(answer.get("pagination").get("total").asLong()).isEqualTo(2);
	}

	@Test
	void theListPagesWithPageAndLimit() {
		for (String name : List.of("one", "two", "three")) {
			create(definition(name, "session_count", 1));
		}

		JsonNode page = this.api.get(PATH + "?page=2&limit=2", this.tenant.admin()).json();

		assertThat(page.get("data")).hasSize(1);
		assertThat(page.at("/data/0/name").asString()).isEqualTo("three");
		assertThat(page.at("/pagination/page").asInt()).isEqualTo(2);
		assertThat(page.at("/pagination/limit").asInt()).isEqualTo(2);
		assertThat(page.at("/pagination/total").asLong()).isEqualTo(3);
		for (String bad : List.of("limit=0", "limit=101", "limit=x", "page=0", "page=-1")) {
			ApiClient.Response refused = this.api.get(PATH + "?" + bad, this.tenant.admin());
			assertThat(refused.status()).as(bad).isEqualTo(400);
			assertThat(refused.json().get("field").asString()).isEqualTo(bad.substring(0, bad.indexOf('=')));
		}
	}

	@Test
	void theDeleteExampleDeactivatesAndKeepsTheGrants() {
		String id = create(example("003-create-request.json"));
		this.api.post("/badges/grant", this.tenant.admin(),
				Map.of("badgeid", Long.parseLong(id), "participanttype", 2, "participantid", 5));

		ApiClient.Response deleted = this.api.send("DELETE", PATH + "/" + id, this.tenant.admin(), null, Map.of());
		ApiClient.Response again = this.api.send("DELETE", PATH + "/" + id, this.tenant.admin(), null, Map.of());

		assertThat(deleted.status()).as(deleted.text()).isEqualTo(200);
		assertShape(example("003-delete-response.json"), deleted.json(), Set.of(), Set.of());
		assertThat(deleted.json().get("id").asString()).isEqualTo(id);
		assertThat(deleted.json().get("deleted").asBoolean()).isTrue();
		assertThat(deleted.json().get("deleted_at").asString()).matches(TIME);
		assertThat(again.json().get("deleted_at").asString()).isEqualTo(deleted.json().get("deleted_at").asString());
		JsonNode read = this.api.get(PATH + "/" + id, this.tenant.admin()).json();
		assertThat(read.get("is_active").asBoolean()).isFalse();
		assertThat(read.get("earned_count").asLong()).isEqualTo(1);
		assertThat(this.api.get("/badges?id=" + id, this.tenant.admin()).json().at("/badge/active").asInt()).isZero();
	}

	@Test
	void aDefinitionIsABadgeWithItsCriteriaAsAnAutoRule() {
		String id = create(example("003-create-request.json"));

		JsonNode badge = this.api.get("/badges?id=" + id, this.tenant.viewer()).json().get("badge");
		JsonNode rules = this.api.get("/badges/auto-rules?badgeid=" + id, this.tenant.viewer()).json();

		assertThat(badge.get("name").asString()).isEqualTo("Training Master");
		assertThat(badge.get("description").asString()).isEqualTo("Completed 10 or more training modules");
		assertThat(badge.get("iconurl").asString()).isEqualTo("https://assets.example.com/badges/training-master.svg");
		assertThat(badge.get("lockediconurl").asString())
			.isEqualTo("https://assets.example.com/badges/training-master-locked.svg");
		assertThat(badge.get("category").asString()).isEqualTo("learning");
		assertThat(badge.get("active").asInt()).isEqualTo(1);
		assertThat(this.api.get("/badges", this.tenant.viewer()).json().get("rows"))
			.anyMatch((row) -> row.get("id").asString().equals(id));
		assertThat(rules.get("totalrows").asLong()).isEqualTo(1);
		assertThat(rules.at("/rows/0/ruletype").asInt()).isEqualTo(3);
		assertThat(rules.at("/rows/0/kind").asString()).isEqualTo("training_completion");
		assertThat(rules.at("/rows/0/threshold").asLong()).isEqualTo(10);
	}

	@Test
	void grantsByItsRuleAppearInTheGrantListAndTheEarnedCount() {
		String id = create(definition("Ten sessions", "session_count", 10));
		long rule = this.api.get("/badges/auto-rules?badgeid=" + id, this.tenant.admin())
			.json()
			.at("/rows/0/id")
			.asLong();
		// What the badge-rule-worker writes when participant 2:9 reaches ten sessions.
		this.jdbc.sql("""
				insert into badge_grant (organisation_id, badge_id, participant_type, participant_id, source, rule_id)
				values (:organisation, :badge, 2, 9, 'rule', :rule)
				""")
			.param("organisation", this.tenant.organisationId())
			.param("badge", Long.parseLong(id))
			.param("rule", rule)
			.update();

		JsonNode grants = this.api.get("/challenges/badges?participanttype=2&participantid=9", this.tenant.viewer())
			.json();

		assertThat(grants.get("totalrows").asLong()).isEqualTo(1);
		assertThat(grants.at("/rows/0/badgeid").asString()).isEqualTo(id);
		assertThat(grants.at("/rows/0/source").asString()).isEqualTo("rule");
		assertThat(grants.at("/rows/0/ruleid").asLong()).isEqualTo(rule);
		assertThat(this.api.get(PATH + "/" + id, this.tenant.admin()).json().get("earned_count").asLong()).isEqualTo(1);
	}

	@Test
	void eachCriteriaTypeIsItsRuleTypeAndKind() {
		Map<String, List<Object>> rules = Map.of("session_count", List.of(3, "session"), "streak_days",
				List.of(4, "session"), "training_completion_count", List.of(3, "training_completion"));
		rules.forEach((type, rule) -> {
			String id = create(definition("criteria " + type, type, 7));

			JsonNode row = this.api.get("/badges/auto-rules?badgeid=" + id, this.tenant.admin()).json().at("/rows/0");

			assertThat(row.get("ruletype").asInt()).as(type).isEqualTo(rule.get(0));
			assertThat(row.get("kind").asString()).as(type).isEqualTo(rule.get(1));
			assertThat(row.get("threshold").asLong()).isEqualTo(7);
			JsonNode criteria = this.api.get(PATH + "/" + id, this.tenant.admin()).json().get("criteria");
			assertThat(criteria.get("type").asString()).isEqualTo(type);
			assertThat(criteria.get("threshold").asLong()).isEqualTo(7);
		});
	}

	@Test
	void anotherCriteriaReplacesTheRuleThatHeldTheOldOne() {
		String id = create(definition("Regular", "session_count", 5));
		long first = liveRules(id).get(0).get("id").asLong();

		this.api.send("PUT", PATH + "/" + id, this.tenant.admin(),
				Map.of("criteria", Map.of("type", "session_count", "threshold", 8)), Map.of());
		assertThat(liveRules(id)).hasSize(1);
		assertThat(liveRules(id).get(0).get("id").asLong()).isEqualTo(first);
		assertThat(liveRules(id).get(0).get("threshold").asLong()).isEqualTo(8);

		ApiClient.Response streak = this.api.send("PUT", PATH + "/" + id, this.tenant.admin(),
				Map.of("criteria", Map.of("type", "streak_days", "threshold", 30)), Map.of());

		assertThat(streak.json().get("criteria").get("type").asString()).isEqualTo("streak_days");
		List<JsonNode> live = liveRules(id);
		assertThat(live).hasSize(1);
		assertThat(live.get(0).get("ruletype").asInt()).isEqualTo(4);
		assertThat(live.get(0).get("threshold").asLong()).isEqualTo(30);
	}

	@Test
	void anUpdateChangesOnlyTheFieldsSent() {
		String id = create(example("003-create-request.json"));

		JsonNode answer = this.api
			.send("PUT", PATH + "/" + id, this.tenant.admin(), Map.of("category", "skills"), Map.of())
			.json();

		JsonNode created = example("003-create-response.json");
		assertThat(answer.get("category").asString()).isEqualTo("skills");
		for (String field : List.of("name", "description", "icon_url", "locked_icon_url", "criteria", "is_active")) {
			assertThat(answer.get(field)).as(field).isEqualTo(created.get(field));
		}
	}

	@Test
	void namesAreUniqueAmongAnOrganisationsActiveBadges() {
		String first = create(definition("Mentor", "session_count", 1));

		ApiClient.Response same = this.api.post(PATH, this.tenant.admin(), definition("mentor", "session_count", 2));
		ApiClient.Response surfaceA = this.api.post("/badges", this.tenant.admin(), Map.of("name", "MENTOR"));
		ApiClient.Response otherOrganisation = this.api.post(PATH, TestTenant.create(this.context).admin(),
				definition("Mentor", "session_count", 1));
		String second = create(definition("Guide", "session_count", 1));
		ApiClient.Response renamed = this.api.send("PUT", PATH + "/" + second, this.tenant.admin(),
				Map.of("name", "Mentor"), Map.of());

		assertThat(same.status()).as(same.text()).isEqualTo(409);
		assertThat(same.json().get("field").asString()).isEqualTo("name");
		assertThat(same.json().get("code").asString()).isEqualTo("name_taken");
		assertThat(surfaceA.status()).as(surfaceA.text()).isEqualTo(409);
		assertThat(surfaceA.json().get("field").asString()).isEqualTo("name");
		assertThat(otherOrganisation.status()).isEqualTo(201);
		assertThat(renamed.status()).isEqualTo(409);

		this.api.send("DELETE", PATH + "/" + first, this.tenant.admin(), null, Map.of());
		assertThat(this.api.post(PATH, this.tenant.admin(), definition("Mentor", "streak_days", 3)).status())
			.isEqualTo(201);
		ApiClient.Response reactivated = this.api.send("PUT", PATH + "/" + first, this.tenant.admin(),
				Map.of("is_active", true), Map.of());
		assertThat(reactivated.status()).isEqualTo(409);
	}

	/** One bad value per field: a valid create body with that one field changed. */
	static Stream<Arguments> invalidBodies() {
		return Stream.of(bad("name", null), bad("name", "\"  \""), bad("name", "5"), bad("name", "null"),
				bad("name", "\"" + "x".repeat(201) + "\""), bad("criteria", null), bad("criteria", "null"),
				bad("criteria", "\"session_count\""), bad("criteria.type", "{\"threshold\":1}"),
				bad("criteria.type", "{\"type\":\"points_total\",\"threshold\":1}"),
				bad("criteria.type", "{\"type\":3,\"threshold\":1}"),
				bad("criteria.threshold", "{\"type\":\"session_count\"}"),
				bad("criteria.threshold", "{\"type\":\"session_count\",\"threshold\":0}"),
				bad("criteria.threshold", "{\"type\":\"session_count\",\"threshold\":-2}"),
				bad("criteria.threshold", "{\"type\":\"streak_days\",\"threshold\":1.5}"),
				bad("criteria.threshold", "{\"type\":\"session_count\",\"threshold\":\"10\"}"),
				bad("criteria.threshold", "{\"type\":\"session_count\",\"threshold\":null}"), bad("description", "7"),
				bad("icon_url", "\"not a url\""), bad("icon_url", "\"ftp://assets.example.com/a.svg\""),
				bad("locked_icon_url", "true"), bad("category", "[]"), bad("is_active", "\"yes\""),
				bad("is_active", "null"), Arguments.of(null, "[]"));
	}

	/**
	 * The create example with {@code field} (its top-level object for a nested field) set
	 * to {@code value} (JSON), or removed when {@code value} is null.
	 */
	private static Arguments bad(String field, String value) {
		ObjectNode body = (ObjectNode) example("003-create-request.json");
		String key = field.contains(".") ? field.substring(0, field.indexOf('.')) : field;
		if (value == null) {
			body.remove(key);
		}
		else {
			body.set(key, JSON.readTree(value));
		}
		return Arguments.of(field, body.toString());
	}

	@ParameterizedTest
	@MethodSource("invalidBodies")
	void everyInvalidFieldIsNamed(String field, String body) {
		ApiClient.Response refused = this.api.post(PATH, this.tenant.admin(), body);

		assertThat(refused.status()).as(refused.text()).isEqualTo(400);
		JsonNode named = refused.json().get("field");
		assertThat((named != null) ? named.asString() : null).isEqualTo(field);
	}

	@Test
	void theSeedsRolesMapOntoOurs() {
		String id = create(definition("Roles", "session_count", 1));
		Map<String, String> tokens = Map.of("admin", this.tenant.admin(), "coordinator", this.tenant.coordinator(),
				"viewer", this.tenant.viewer(), "peer_mentor", this.tenant.participant());
		Map<String, Set<String>> allowed = Map.of("GET list", Set.of("admin", "coordinator"), "GET one",
				Set.of("admin", "coordinator", "peer_mentor"), "POST", Set.of("admin"), "PUT", Set.of("admin"),
				"DELETE", Set.of("admin"));
		allowed.forEach((route, roles) -> tokens.forEach((role, token) -> {
			ApiClient.Response answer = switch (route) {
				case "GET list" -> this.api.get(PATH, token);
				case "GET one" -> this.api.get(PATH + "/" + id, token);
				case "POST" -> this.api.post(PATH, token, definition("Roles " + role, "session_count", 1));
				case "PUT" -> this.api.send("PUT", PATH + "/" + id, token, Map.of("category", role), Map.of());
				default -> this.api.send("DELETE", PATH + "/" + create(definition("Delete " + role, "streak_days", 2)),
						token, null, Map.of());
			};
			int expected = roles.contains(role) ? (route.equals("POST") ? 201 : 200) : 403;
			assertThat(answer.status()).as(route + " as " + role + ": " + answer.text()).isEqualTo(expected);
		}));
		assertThat(this.api.get(PATH, null).status()).isEqualTo(401);
	}

	@Test
	void anotherOrganisationsDefinitionIsNotFound() {
		String theirs = create(definition("Theirs", "session_count", 1), TestTenant.create(this.context).admin());

		for (String id : List.of(theirs, "999999999", "bdg-def-001", "0")) {
			assertThat(this.api.get(PATH + "/" + id, this.tenant.admin()).status()).as(id).isEqualTo(404);
			assertThat(
					this.api.send("PUT", PATH + "/" + id, this.tenant.admin(), Map.of("name", "x"), Map.of()).status())
				.as(id)
				.isEqualTo(404);
			assertThat(this.api.send("DELETE", PATH + "/" + id, this.tenant.admin(), null, Map.of()).status()).as(id)
				.isEqualTo(404);
		}
	}

	@Test
	void aGlobalBadgeIsNoOrganisationsDefinition() {
		long global = this.jdbc.sql("insert into badge (name) values ('global definition') returning id")
			.query(Long.class)
			.single();

		ApiClient.Response read = this.api.get(PATH + "/" + global, this.tenant.admin());
		ApiClient.Response put = this.api.send("PUT", PATH + "/" + global, this.tenant.admin(), Map.of("name", "mine"),
				Map.of());
		ApiClient.Response delete = this.api.send("DELETE", PATH + "/" + global, this.tenant.admin(), null, Map.of());
		JsonNode list = this.api.get(PATH + "?limit=100", this.tenant.admin()).json();

		assertThat(read.status()).isEqualTo(404);
		assertThat(put.status()).isEqualTo(404);
		assertThat(delete.status()).isEqualTo(404);
		assertThat(list.get("data")).noneMatch((d) -> d.get("id").asString().equals(Long.toString(global)));
		assertThat(this.api.get("/badges?id=" + global, this.tenant.admin()).status()).isEqualTo(200);
	}

	private List<JsonNode> liveRules(String badge) {
		return this.api.get("/badges/auto-rules?badgeid=" + badge, this.tenant.admin())
			.json()
			.get("rows")
			.valueStream()
			.toList();
	}

	private String create(Object body) {
		return create(body, this.tenant.admin());
	}

	private String create(Object body, String token) {
		ApiClient.Response created = this.api.post(PATH, token, body);
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		return created.json().get("id").asString();
	}

	/** An example definition as a create body: the fields a client writes. */
	private static JsonNode writable(JsonNode definition) {
		ObjectNode body = (ObjectNode) definition.deepCopy();
		body.remove(List.of("id", "organisation_id", "earned_count", "created_at", "updated_at"));
		return body;
	}

	private static Map<String, Object> definition(String name, String type, long threshold) {
		return Map.of("name", name, "criteria", Map.of("type", type, "threshold", threshold));
	}

	/** Every field of the example has the example's value, except ids and times. */
	private static void assertSameValues(JsonNode expected, JsonNode actual) {
		for (var field : expected.properties()) {
			if (!OURS.contains(field.getKey())) {
				assertThat(actual.get(field.getKey())).as(field.getKey()).isEqualTo(field.getValue());
			}
		}
	}

	/** Our ids are decimal strings; times are the seed's UTC seconds. */
	private void assertOurs(JsonNode answer) {
		assertThat(answer.get("id").asString()).matches("[1-9][0-9]*");
		assertThat(answer.get("organisation_id").asString()).isEqualTo(Long.toString(this.tenant.organisationId()));
		assertThat(answer.get("created_at").asString()).matches(TIME);
		assertThat(answer.get("updated_at").asString()).matches(TIME);
	}

}
