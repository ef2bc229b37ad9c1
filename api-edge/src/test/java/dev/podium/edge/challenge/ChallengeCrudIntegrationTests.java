package dev.podium.edge.challenge;

import java.time.LocalDate;
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
class ChallengeCrudIntegrationTests extends EdgeTestSupport {

	@Autowired
	JdbcClient jdbc;

	@Test
	void theListIsSearchableFilterableAndPaged() {
		long a = createChallenge(this.tenant.admin(), "Hand hygiene October");
		long b = createChallenge(this.tenant.admin(), "Steps October");
		long c = createChallenge(this.tenant.admin(), "Hand hygiene November");
		this.jdbc.sql("update challenge set closed = true where id = :id").param("id", b).update();
		this.api.send("PUT", "/challenges?id=" + c, this.tenant.admin(), Map.of("active", 0), Map.of());

		JsonNode all = this.api.get("/challenges?perPage=2", this.tenant.viewer()).json();
		JsonNode hygiene = this.api.get("/challenges?search=hygiene", this.tenant.viewer()).json();

		assertThat(all.get("totalrows").asLong()).isEqualTo(3);
		assertThat(all.get("rows")).hasSize(2);
		assertThat(all.at("/rows/0/id").asLong()).isEqualTo(c);
		assertThat(ids(hygiene)).containsExactly(c, a);
		assertThat(ids(this.api.get("/challenges?status=active", this.tenant.viewer()).json())).containsExactly(a);
		assertThat(ids(this.api.get("/challenges?status=closed", this.tenant.viewer()).json())).containsExactly(b);
		assertThat(ids(this.api.get("/challenges?status=inactive", this.tenant.viewer()).json())).containsExactly(c);
		assertThat(this.api.get("/challenges?status=open", this.tenant.viewer()).json().get("field").asString())
			.isEqualTo("status");
	}

	@Test
	void oneChallengeHasItsSettingsCountsAndLifecycleStatus() {
		Map<String, Object> future = new HashMap<>(challenge("future"));
		future.put("startdate", LocalDate.now().plusDays(10).toString());
		future.put("enddate", LocalDate.now().plusDays(20).toString());
		long scheduled = this.api.post("/challenges", this.tenant.admin(), future).json().get("id").asLong();
		Map<String, Object> now = new HashMap<>(challenge("now"));
		now.put("startdate", LocalDate.now().minusDays(1).toString());
		now.put("enddate", LocalDate.now().plusDays(1).toString());
		long live = this.api.post("/challenges", this.tenant.admin(), now).json().get("id").asLong();
		long expired = createChallenge(this.tenant.admin(), "past");
		now.put("active", 0);
		long draft = this.api.post("/challenges", this.tenant.admin(), now).json().get("id").asLong();
		this.api.send("PUT", "/challenges/results?id=" + expired, this.tenant.admin(),
				List.of(Map.of("participantid", 1, "metricvalue", 20), Map.of("participantid", 2, "metricvalue", 5)),
				Map.of());

		assertThat(status(scheduled)).isEqualTo("scheduled");
		assertThat(status(live)).isEqualTo("live");
		assertThat(status(expired)).isEqualTo("expired");
		assertThat(status(draft)).isEqualTo("draft");
		JsonNode one = this.api.get("/challenges?id=" + expired, this.tenant.participant()).json().get("challenge");
		assertThat(one.get("participants").asLong()).isEqualTo(2);
		assertThat(one.get("winners").asLong()).isEqualTo(1);
		assertThat(one.get("rewardpoints").asLong()).isEqualTo(50);
		assertThat(one.get("threshold").asInt()).isEqualTo(10);
	}

	@Test
	void winnersAreThoseACloseWouldAwardWithTheCapCuttingATieGroupWhole() {
		long id = createChallenge(this.tenant.admin(), "capped");
		// Ranks 1, 2, 3, 3, 5: all meet the threshold of 10; the last misses it.
		this.api.send("PUT", "/challenges/results?id=" + id, this.tenant.admin(),
				List.of(Map.of("participantid", 1, "metricvalue", 40), Map.of("participantid", 2, "metricvalue", 30),
						Map.of("participantid", 3, "metricvalue", 20), Map.of("participantid", 4, "metricvalue", 20),
						Map.of("participantid", 5, "metricvalue", 10), Map.of("participantid", 6, "metricvalue", 5)),
				Map.of());
		assertThat(winners(id)).isEqualTo(5);

		this.api.send("PUT", "/challenges?id=" + id + "&maxwinners=3", this.tenant.admin(), null, Map.of());
		assertThat(winners(id)).isEqualTo(2);

		this.api.send("PUT", "/challenges?id=" + id + "&maxwinners=4", this.tenant.admin(), null, Map.of());
		assertThat(winners(id)).isEqualTo(4);

		this.api.send("PUT", "/challenges?id=" + id + "&maxwinners=5", this.tenant.admin(), null, Map.of());
		assertThat(winners(id)).isEqualTo(5);
	}

	private long winners(long id) {
		return this.api.get("/challenges?id=" + id, this.tenant.admin()).json().at("/challenge/winners").asLong();
	}

	@Test
	void anUpdateChangesOnlyTheFieldsSent() {
		long id = createChallenge(this.tenant.admin(), "before");

		ApiClient.Response updated = this.api.send("PUT", "/challenges?id=" + id + "&threshold=25", this.tenant.admin(),
				Map.of("name", "after"), Map.of());

		assertThat(updated.status()).as(updated.text()).isEqualTo(200);
		JsonNode one = this.api.get("/challenges?id=" + id, this.tenant.admin()).json().get("challenge");
		assertThat(one.get("name").asString()).isEqualTo("after");
		assertThat(one.get("threshold").asInt()).isEqualTo(25);
		assertThat(one.get("rewardpoints").asLong()).isEqualTo(50);
		assertThat(one.get("startdate").asString()).isEqualTo("2026-10-01");
	}

	@Test
	void payoutBandsAndTheCapAreStoredSortedKeptByOtherUpdatesAndCleared() {
		long id = createChallenge(this.tenant.admin(), "banded");

		ApiClient.Response set = this.api.send("PUT", "/challenges?id=" + id, this.tenant.admin(),
				Map.of("payoutbands", List.of(Map.of("fromrank", 2, "torank", 3, "points", 250),
						Map.of("fromrank", 1, "torank", 1, "points", 500)), "maxwinners", "3"),
				Map.of());
		this.api.send("PUT", "/challenges?id=" + id, this.tenant.admin(), Map.of("name", "renamed"), Map.of());
		JsonNode kept = this.api.get("/challenges?id=" + id, this.tenant.admin()).json().get("challenge");
		long copy = this.api.post("/challenges/clone?id=" + id, this.tenant.admin(), null).json().get("id").asLong();
		JsonNode copied = this.api.get("/challenges?id=" + copy, this.tenant.admin()).json().get("challenge");
		this.api.send("PUT", "/challenges?id=" + id, this.tenant.admin(),
				new HashMap<>(Map.of("payoutbands", List.of())), Map.of());
		this.api.send("PUT", "/challenges?id=" + id + "&maxwinners=", this.tenant.admin(), null, Map.of());
		JsonNode cleared = this.api.get("/challenges?id=" + id, this.tenant.admin()).json().get("challenge");

		assertThat(set.status()).as(set.text()).isEqualTo(200);
		assertThat(kept.get("maxwinners").asInt()).isEqualTo(3);
		assertThat(kept.at("/payoutbands/0/fromrank").asInt()).isEqualTo(1);
		assertThat(kept.at("/payoutbands/0/points").asInt()).isEqualTo(500);
		assertThat(kept.at("/payoutbands/1/torank").asInt()).isEqualTo(3);
		assertThat(copied.get("payoutbands")).isEqualTo(kept.get("payoutbands"));
		assertThat(copied.get("maxwinners").asInt()).isEqualTo(3);
		assertThat(cleared.get("payoutbands")).isEmpty();
		assertThat(cleared.get("maxwinners").isNull()).isTrue();
	}

	@Test
	void anUpdateIsValidatedLikeACreateAndAClosedChallengeCannotChange() {
		long id = createChallenge(this.tenant.admin(), "validated");

		ApiClient.Response badDates = this.api.send("PUT", "/challenges?id=" + id, this.tenant.admin(),
				Map.of("enddate", "2026-01-01"), Map.of());
		this.jdbc.sql("update challenge set closed = true where id = :id").param("id", id).update();
		ApiClient.Response closed = this.api.send("PUT", "/challenges?id=" + id, this.tenant.admin(),
				Map.of("name", "too late"), Map.of());

		assertThat(badDates.status()).isEqualTo(400);
		assertThat(badDates.json().get("field").asString()).isEqualTo("enddate");
		assertThat(closed.status()).isEqualTo(409);
	}

	@Test
	void aCloneIsANewInactiveOpenCopyWithoutResults() {
		long id = createChallenge(this.tenant.admin(), "original");
		this.api.send("PUT", "/challenges/results?id=" + id, this.tenant.admin(),
				List.of(Map.of("participantid", 1, "metricvalue", 20)), Map.of());
		this.jdbc.sql("update challenge set closed = true where id = :id").param("id", id).update();

		ApiClient.Response cloned = this.api.post("/challenges/clone?id=" + id, this.tenant.admin(), null);

		assertThat(cloned.status()).isEqualTo(201);
		JsonNode copy = this.api.get("/challenges?id=" + cloned.json().get("id").asLong(), this.tenant.admin())
			.json()
			.get("challenge");
		assertThat(copy.get("name").asString()).isEqualTo("original (copy)");
		assertThat(copy.get("active").asInt()).isZero();
		assertThat(copy.get("closed").asInt()).isZero();
		assertThat(copy.get("participants").asLong()).isZero();
		assertThat(copy.get("rewardpoints").asLong()).isEqualTo(50);
	}

	@Test
	void everyValidationErrorNamesItsField() {
		long inactiveBadge = badge(this.tenant.organisationId(), false);
		long theirBadge = badge(TestTenant.create(this.context).organisationId(), true);

		assertThat(refusal("metric", 7)).isEqualTo("metric");
		assertThat(refusal("scope", 5)).isEqualTo("scope");
		assertThat(refusal("comparator", 2)).isEqualTo("comparator");
		assertThat(refusal("rewardpoints", -1)).isEqualTo("rewardpoints");
		assertThat(refusal("startdate", "yesterday")).isEqualTo("startdate");
		assertThat(refusal("rewardbadgeid", 999_999_999)).isEqualTo("rewardbadgeid");
		assertThat(refusal("rewardbadgeid", inactiveBadge)).isEqualTo("rewardbadgeid");
		assertThat(refusal("rewardbadgeid", theirBadge)).isEqualTo("rewardbadgeid");
		assertThat(refusal(Map.of("metric", 2))).isEqualTo("priorperiodstart");
		assertThat(refusal(Map.of("metric", 3))).isEqualTo("streakthreshold");
		assertThat(refusal(Map.of("scope", 4, "scopeid", 123_456_789))).isEqualTo("scopeid");
		assertThat(refusal(Map.of("scope", 2, "teamid", 1))).isEqualTo("teamid");
		assertThat(refusal(Map.of("enddate", "2026-09-30"))).isEqualTo("enddate");
	}

	@Test
	void aGlobalBadgeMayBeAReward() {
		long global = this.jdbc.sql("insert into badge (name) values ('global') returning id")
			.query(Long.class)
			.single();
		Map<String, Object> fields = new HashMap<>(challenge("global reward"));
		fields.put("rewardbadgeid", global);

		assertThat(this.api.post("/challenges", this.tenant.admin(), fields).status()).isEqualTo(201);
	}

	@Test
	void anotherOrganisationsChallengeIsNotFoundOnEveryRoute() {
		long id = createChallenge(this.tenant.admin(), "theirs");
		TestTenant other = TestTenant.create(this.context);

		assertThat(this.api.get("/challenges?id=" + id, other.admin()).status()).isEqualTo(404);
		assertThat(this.api.send("PUT", "/challenges?id=" + id, other.admin(), Map.of("name", "x"), Map.of()).status())
			.isEqualTo(404);
		assertThat(this.api.post("/challenges/clone?id=" + id, other.admin(), null).status()).isEqualTo(404);
		assertThat(this.api.post("/challenges/compute?id=" + id, other.admin(), null).status()).isEqualTo(404);
		assertThat(this.api.post("/challenges/close?id=" + id, other.admin(), null).status()).isEqualTo(404);
		assertThat(this.api.get("/challenges", other.admin()).json().get("totalrows").asLong()).isZero();
		assertThat(this.api.get("/challenges?id=" + id, this.tenant.admin()).json().at("/challenge/name").asString())
			.isEqualTo("theirs");
	}

	private String refusal(String field, Object value) {
		return refusal(Map.of(field, value));
	}

	private String refusal(Map<String, Object> changes) {
		Map<String, Object> fields = new HashMap<>(challenge("invalid"));
		fields.putAll(changes);
		ApiClient.Response answer = this.api.post("/challenges", this.tenant.admin(), fields);
		assertThat(answer.status()).as(answer.text()).isEqualTo(400);
		return answer.json().get("field").asString();
	}

	private long badge(long organisation, boolean active) {
		return this.jdbc.sql("insert into badge (organisation_id, name, active) values (:o, 'b', :active) returning id")
			.param("o", organisation)
			.param("active", active)
			.query(Long.class)
			.single();
	}

	private String status(long id) {
		return this.api.get("/challenges?id=" + id, this.tenant.admin()).json().at("/challenge/status").asString();
	}

	private static List<Long> ids(JsonNode list) {
		return list.get("rows").valueStream().map((r) -> r.get("id").asLong()).toList();
	}

}
