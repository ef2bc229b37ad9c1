package dev.podium.edge.team;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.podium.edge.EdgeTest;
import dev.podium.edge.EdgeTestSupport;
import dev.podium.platform.testing.ApiClient;
import dev.podium.platform.testing.TestTenant;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

@EdgeTest
class TeamIntegrationTests extends EdgeTestSupport {

	@Autowired
	JdbcClient jdbc;

	@Test
	void aCreatedTeamAnswers201WithItsNamedMembers() {
		this.api.send("PUT", "/participants", this.tenant.admin(),
				List.of(Map.of("participanttype", 2, "participantid", 17, "name", "Ada")), Map.of());

		ApiClient.Response created = this.api.post("/challenges/teams", this.tenant.admin(), Map.of("name", " Ward 4 ",
				"description", "night shift", "members", List.of(member(2, 17), member(1, 3), member(2, 5))));

		assertThat(created.status()).as(created.text()).isEqualTo(201);
		JsonNode team = created.json().get("team");
		assertThat(created.json().get("id").asLong()).isEqualTo(team.get("id").asLong());
		assertThat(team.get("name").asString()).isEqualTo("Ward 4");
		assertThat(team.get("description").asString()).isEqualTo("night shift");
		assertThat(team.get("active").asInt()).isEqualTo(1);
		assertThat(team.get("membercount").asLong()).isEqualTo(3);
		assertThat(members(team)).containsExactly("1:3", "2:5", "2:17");
		assertThat(team.at("/members/2/name").asString()).isEqualTo("Ada");
		assertThat(team.at("/members/0/name").isNull()).isTrue();
	}

	@Test
	void everyInvalidFieldIsNamed() {
		assertThat(refusal(Map.of("description", "no name"))).isEqualTo("name");
		assertThat(refusal(Map.of("name", "  "))).isEqualTo("name");
		assertThat(refusal(Map.of("name", "x".repeat(201)))).isEqualTo("name");
		assertThat(refusal(Map.of("name", "t", "active", "perhaps"))).isEqualTo("active");
		assertThat(refusal(Map.of("name", "t", "members", "2:17"))).isEqualTo("members");
		assertThat(refusal(Map.of("name", "t", "members", List.of(member(2, 1), "x")))).isEqualTo("members[1]");
		assertThat(refusal(
				Map.of("name", "t", "members", List.of(member(2, 1), member(2, 2), member(1, 3), member(3, 4)))))
			.isEqualTo("members[3].participanttype");
		assertThat(refusal(Map.of("name", "t", "members", List.of(member(0, 1)))))
			.isEqualTo("members[0].participanttype");
		assertThat(refusal(Map.of("name", "t", "members", List.of(member(4, 1)))))
			.isEqualTo("members[0].participanttype");
		assertThat(refusal(Map.of("name", "t", "members", List.of(Map.of("participanttype", 2)))))
			.isEqualTo("members[0].participantid");
		assertThat(refusal(Map.of("name", "t", "members", List.of(member(2, -1)))))
			.isEqualTo("members[0].participantid");
		assertThat(refusal(Map.of("name", "t", "members", List.of(member(2, 1), member(1, 1), member(2, 1)))))
			.as("a duplicate member")
			.isEqualTo("members[2].participantid");
	}

	@Test
	void anUpdateChangesOnlyTheFieldsSentAndMembersReplaceTheRoster() {
		long id = create(
				Map.of("name", "Before", "description", "kept", "members", List.of(member(2, 1), member(2, 2))));

		ApiClient.Response renamed = this.api.send("PUT", "/challenges/teams?id=" + id, this.tenant.admin(),
				Map.of("name", "After"), Map.of());
		JsonNode afterRename = renamed.json().get("team");
		ApiClient.Response reroster = this.api.send("PUT", "/challenges/teams?id=" + id, this.tenant.admin(),
				Map.of("members", List.of(member(1, 9), member(2, 2))), Map.of());
		Map<String, Object> empty = new HashMap<>();
		empty.put("members", null);
		ApiClient.Response emptied = this.api.send("PUT", "/challenges/teams?id=" + id, this.tenant.admin(), empty,
				Map.of());

		assertThat(renamed.status()).as(renamed.text()).isEqualTo(200);
		assertThat(afterRename.get("name").asString()).isEqualTo("After");
		assertThat(afterRename.get("description").asString()).isEqualTo("kept");
		assertThat(members(afterRename)).containsExactly("2:1", "2:2");
		assertThat(members(reroster.json().get("team"))).containsExactly("1:9", "2:2");
		assertThat(reroster.json().at("/team/name").asString()).isEqualTo("After");
		assertThat(members(emptied.json().get("team"))).isEmpty();
		ApiClient.Response bad = this.api.send("PUT", "/challenges/teams?id=" + id, this.tenant.admin(),
				Map.of("members", List.of(member(3, 1))), Map.of());
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.json().get("field").asString()).isEqualTo("members[0].participanttype");
		assertThat(
				this.api.get("/challenges/teams?id=" + id, this.tenant.admin()).json().at("/team/membercount").asLong())
			.as("a refused update changes nothing")
			.isZero();
	}

	@Test
	void theListCountsMembersAndHidesInactiveTeamsUnlessAsked() {
		long a = create(Map.of("name", "Alpha", "members", List.of(member(2, 1), member(2, 2))));
		long b = create(Map.of("name", "Bravo"));
		long c = create(Map.of("name", "Charlie"));
		this.api.send("DELETE", "/challenges/teams?id=" + c, this.tenant.admin(), null, Map.of());

		JsonNode active = this.api.get("/challenges/teams", this.tenant.viewer()).json();
		JsonNode all = this.api.get("/challenges/teams?includeinactive=1", this.tenant.coordinator()).json();

		assertThat(ids(active)).containsExactly(b, a);
		assertThat(active.get("totalrows").asLong()).isEqualTo(2);
		assertThat(active.at("/rows/1/membercount").asLong()).isEqualTo(2);
		assertThat(ids(all)).containsExactly(c, b, a);
		assertThat(ids(this.api.get("/challenges/teams?search=RAV", this.tenant.viewer()).json())).containsExactly(b);
		assertThat(ids(this.api.get("/challenges/teams?perPage=1&page=2", this.tenant.viewer()).json()))
			.containsExactly(a);
		assertThat(this.api.get("/challenges/teams?includeinactive=2", this.tenant.viewer())
			.json()
			.get("field")
			.asString()).isEqualTo("includeinactive");
	}

	@Test
	void deleteIsSoftAndKeepsTheRoster() {
		long id = create(Map.of("name", "Retired", "members", List.of(member(1, 1))));

		ApiClient.Response deleted = this.api.send("DELETE", "/challenges/teams?id=" + id, this.tenant.admin(), null,
				Map.of());

		assertThat(deleted.status()).isEqualTo(200);
		JsonNode team = this.api.get("/challenges/teams?id=" + id, this.tenant.admin()).json().get("team");
		assertThat(team.get("active").asInt()).isZero();
		assertThat(team.get("membercount").asLong()).isEqualTo(1);
		assertThat(
				this.jdbc.sql("select active from team where id = :id").param("id", id).query(Boolean.class).single())
			.isFalse();
	}

	@Test
	void anotherOrganisationsTeamIsNotFoundOnEveryRoute() {
		long id = create(Map.of("name", "Ours"));
		TestTenant other = TestTenant.create(this.context);

		assertThat(this.api.get("/challenges/teams?id=" + id, other.admin()).status()).isEqualTo(404);
		assertThat(this.api.send("PUT", "/challenges/teams?id=" + id, other.admin(), Map.of("name", "x"), Map.of())
			.status()).isEqualTo(404);
		assertThat(this.api.send("DELETE", "/challenges/teams?id=" + id, other.admin(), null, Map.of()).status())
			.isEqualTo(404);
		assertThat(this.api.get("/challenges/teams", other.admin()).json().get("totalrows").asLong()).isZero();
		assertThat(this.api.get("/challenges/teams?id=" + id, this.tenant.admin()).json().at("/team/name").asString())
			.isEqualTo("Ours");
	}

	private long create(Map<String, Object> fields) {
		ApiClient.Response created = this.api.post("/challenges/teams", this.tenant.admin(), fields);
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		return created.json().get("id").asLong();
	}

	private String refusal(Map<String, Object> fields) {
		ApiClient.Response refused = this.api.post("/challenges/teams", this.tenant.admin(), fields);
		assertThat(refused.status()).as(refused.text()).isEqualTo(400);
		return refused.json().get("field").asString();
	}

	private static Map<String, Object> member(int type, long id) {
		return Map.of("participanttype", type, "participantid", id);
	}

	private static List<String> members(JsonNode team) {
		return team.get("members")
			.valueStream()
			.map((m) -> m.get("participanttype").asInt() + ":" + m.get("participantid").asLong())
			.toList();
	}

	private static List<Long> ids(JsonNode list) {
		return list.get("rows").valueStream().map((r) -> r.get("id").asLong()).toList();
	}

}
