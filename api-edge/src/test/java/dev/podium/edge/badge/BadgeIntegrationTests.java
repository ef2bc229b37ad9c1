package dev.podium.edge.badge;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.podium.edge.EdgeTest;
import dev.podium.edge.EdgeTestSupport;
import dev.podium.platform.testing.ApiClient;
import dev.podium.platform.testing.TestTenant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

@EdgeTest
class BadgeIntegrationTests extends EdgeTestSupport {

	@Autowired
	JdbcClient jdbc;

	@Test
	void aCreatedBadgeAnswers201WithEveryField() {
		Map<String, Object> fields = new HashMap<>();
		fields.put("name", "  Gold hands  ");
		fields.put("description", "washed well");
		fields.put("icon", "fa-hand");
		fields.put("colour", "#FFaa00");
		fields.put("tier", 3);
		fields.put("category", "hygiene");
		fields.put("iconurl", "https://cdn.example.com/gold.svg");
		fields.put("lockediconurl", "http://cdn.example.com/gold-locked.svg");

		ApiClient.Response created = this.api.post("/badges", this.tenant.admin(), fields);

		assertThat(created.status()).as(created.text()).isEqualTo(201);
		JsonNode badge = created.json().get("badge");
		assertThat(created.json().get("id").asLong()).isEqualTo(badge.get("id").asLong());
		assertThat(badge.get("name").asString()).isEqualTo("Gold hands");
		assertThat(badge.get("description").asString()).isEqualTo("washed well");
		assertThat(badge.get("icon").asString()).isEqualTo("fa-hand");
		assertThat(badge.get("colour").asString()).isEqualTo("#FFaa00");
		assertThat(badge.get("tier").asInt()).isEqualTo(3);
		assertThat(badge.get("category").asString()).isEqualTo("hygiene");
		assertThat(badge.get("iconurl").asString()).isEqualTo("https://cdn.example.com/gold.svg");
		assertThat(badge.get("lockediconurl").asString()).isEqualTo("http://cdn.example.com/gold-locked.svg");
		assertThat(badge.get("active").asInt()).isEqualTo(1);
		assertThat(badge.get("global").asInt()).isZero();
		assertThat(badge.get("earnedcount").asLong()).isZero();
	}

	@Test
	void fieldsMayComeInTheQueryString() {
		ApiClient.Response created = this.api.post("/badges?name=Query&tier=2&active=0", this.tenant.admin(), null);

		assertThat(created.status()).as(created.text()).isEqualTo(201);
		assertThat(created.json().at("/badge/name").asString()).isEqualTo("Query");
		assertThat(created.json().at("/badge/tier").asInt()).isEqualTo(2);
		assertThat(created.json().at("/badge/active").asInt()).isZero();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			name          | ''
			name          | '   '
			colour        | red
			colour        | '#FFF'
			colour        | '#GGGGGG'
			tier          | 5
			tier          | -1
			tier          | gold
			iconurl       | ftp://example.com/a.svg
			iconurl       | not a url
			lockediconurl | javascript:alert(1)
			active        | maybe
			""")
	void everyInvalidFieldIsNamed(String field, String value) {
		Map<String, Object> fields = new HashMap<>(Map.of("name", "valid"));
		fields.put(field, value);

		ApiClient.Response refused = this.api.post("/badges", this.tenant.admin(), fields);

		assertThat(refused.status()).as(refused.text()).isEqualTo(400);
		assertThat(refused.json().get("field").asString()).isEqualTo(field);
	}

	@Test
	void aMissingOrTooLongNameIsRefused() {
		ApiClient.Response missing = this.api.post("/badges", this.tenant.admin(), Map.of("tier", 1));
		ApiClient.Response tooLong = this.api.post("/badges", this.tenant.admin(), Map.of("name", "x".repeat(201)));
		ApiClient.Response longest = this.api.post("/badges", this.tenant.admin(), Map.of("name", "x".repeat(200)));

		assertThat(missing.json().get("field").asString()).isEqualTo("name");
		assertThat(tooLong.status()).isEqualTo(400);
		assertThat(tooLong.json().get("field").asString()).isEqualTo("name");
		assertThat(longest.status()).isEqualTo(201);
	}

	@Test
	void theListShowsGlobalAndOwnBadgesSearchableFilterableAndPaged() {
		long global = globalBadge("Global Star");
		long star = create("Rising star");
		long stone = create("Milestone");
		long hidden = create("Old star");
		this.api.send("DELETE", "/badges?id=" + hidden, this.tenant.admin(), null, Map.of());
		long theirs = this.api.post("/badges", TestTenant.create(this.context).admin(), Map.of("name", "Their star"))
			.json()
			.get("id")
			.asLong();

		JsonNode all = this.api.get("/badges?perPage=100", this.tenant.viewer()).json();
		JsonNode inactive = this.api.get("/badges?includeinactive=1&perPage=100", this.tenant.viewer()).json();
		JsonNode stars = this.api.get("/badges?search=STAR&includeinactive=true", this.tenant.coordinator()).json();
		JsonNode paged = this.api.get("/badges?perPage=1&page=2", this.tenant.viewer()).json();

		assertThat(ids(all)).contains(global, star, stone).doesNotContain(hidden, theirs);
		assertThat(ids(inactive)).contains(global, star, stone, hidden).doesNotContain(theirs);
		assertThat(ids(stars)).contains(global, star, hidden).doesNotContain(stone, theirs);
		assertThat(all.get("totalrows").asLong()).isEqualTo(all.get("rows").size());
		assertThat(paged.get("rows")).hasSize(1);
		assertThat(paged.get("totalrows").asLong()).isEqualTo(all.get("totalrows").asLong());
		assertThat(this.api.get("/badges?includeinactive=yes", this.tenant.viewer()).json().get("field").asString())
			.isEqualTo("includeinactive");
		assertThat(this.api.get("/badges?search=%25", this.tenant.viewer()).json().get("totalrows").asLong())
			.as("search is literal, not a LIKE pattern")
			.isZero();
	}

	@Test
	void oneBadgeIsGlobalOrOwnElseNotFound() {
		long global = globalBadge("Global one");
		long own = create("Own one");
		TestTenant other = TestTenant.create(this.context);

		assertThat(this.api.get("/badges?id=" + global, this.tenant.participant()).json().at("/badge/global").asInt())
			.isEqualTo(1);
		assertThat(this.api.get("/badges?id=" + own, this.tenant.participant()).json().at("/badge/name").asString())
			.isEqualTo("Own one");
		assertThat(this.api.get("/badges?id=" + own, other.admin()).status()).isEqualTo(404);
		assertThat(this.api.get("/badges?id=999999999", this.tenant.admin()).status()).isEqualTo(404);
		assertThat(this.api.get("/badges?id=abc", this.tenant.admin()).json().get("field").asString()).isEqualTo("id");
	}

	@Test
	void anUpdateChangesOnlyTheFieldsSent() {
		Map<String, Object> fields = new HashMap<>(
				Map.of("name", "Before", "tier", 2, "colour", "#112233", "iconurl", "https://example.com/a.svg"));
		long id = this.api.post("/badges", this.tenant.admin(), fields).json().get("id").asLong();
		Map<String, Object> changes = new HashMap<>();
		changes.put("name", "After");
		changes.put("iconurl", null);

		ApiClient.Response updated = this.api.send("PUT", "/badges?id=" + id, this.tenant.admin(), changes, Map.of());

		assertThat(updated.status()).as(updated.text()).isEqualTo(200);
		JsonNode badge = this.api.get("/badges?id=" + id, this.tenant.admin()).json().get("badge");
		assertThat(badge.get("name").asString()).isEqualTo("After");
		assertThat(badge.get("tier").asInt()).isEqualTo(2);
		assertThat(badge.get("colour").asString()).isEqualTo("#112233");
		assertThat(badge.get("iconurl").isNull()).as("null clears a nullable field").isTrue();
		ApiClient.Response bad = this.api.send("PUT", "/badges?id=" + id, this.tenant.admin(), Map.of("colour", "blue"),
				Map.of());
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.json().get("field").asString()).isEqualTo("colour");
		ApiClient.Response noName = this.api.send("PUT", "/badges?id=" + id, this.tenant.admin(), Map.of("name", " "),
				Map.of());
		assertThat(noName.json().get("field").asString()).isEqualTo("name");
	}

	@Test
	void aGlobalBadgeIsVisibleButNotEditable() {
		long global = globalBadge("Untouchable");

		ApiClient.Response put = this.api.send("PUT", "/badges?id=" + global, this.tenant.admin(),
				Map.of("name", "mine now"), Map.of());
		ApiClient.Response delete = this.api.send("DELETE", "/badges?id=" + global, this.tenant.admin(), null,
				Map.of());

		assertThat(put.status()).isEqualTo(403);
		assertThat(put.json().get("code").asString()).isEqualTo("global_badge");
		assertThat(delete.status()).isEqualTo(403);
		JsonNode badge = this.api.get("/badges?id=" + global, this.tenant.admin()).json().get("badge");
		assertThat(badge.get("name").asString()).isEqualTo("Untouchable");
		assertThat(badge.get("active").asInt()).isEqualTo(1);
	}

	@Test
	void deleteIsSoftAndGrantsStay() {
		long id = create("Soft");
		this.jdbc.sql("""
				insert into badge_grant (organisation_id, badge_id, participant_type, participant_id, source)
				values (:o, :b, 2, 5, 'manual')
				""").param("o", this.tenant.organisationId()).param("b", id).update();

		ApiClient.Response deleted = this.api.send("DELETE", "/badges?id=" + id, this.tenant.admin(), null, Map.of());
		ApiClient.Response again = this.api.send("DELETE", "/badges?id=" + id, this.tenant.admin(), null, Map.of());

		assertThat(deleted.status()).isEqualTo(200);
		assertThat(again.status()).as("repeating a soft delete is harmless").isEqualTo(200);
		JsonNode badge = this.api.get("/badges?id=" + id, this.tenant.admin()).json().get("badge");
		assertThat(badge.get("active").asInt()).isZero();
		assertThat(badge.get("earnedcount").asLong()).isEqualTo(1);
		assertThat(
				this.api.get("/challenges/badges?badgeid=" + id, this.tenant.admin()).json().get("totalrows").asLong())
			.isEqualTo(1);
	}

	@Test
	void aDeletedBadgeCannotBecomeAChallengeRewardAgain() {
		long id = create("Reward");
		Map<String, Object> fields = new HashMap<>(challenge("rewarded"));
		fields.put("rewardbadgeid", id);
		assertThat(this.api.post("/challenges", this.tenant.admin(), fields).status()).isEqualTo(201);

		this.api.send("DELETE", "/badges?id=" + id, this.tenant.admin(), null, Map.of());
		ApiClient.Response refused = this.api.post("/challenges", this.tenant.admin(), fields);

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().get("field").asString()).isEqualTo("rewardbadgeid");
	}

	@Test
	void anotherOrganisationsBadgeIsNotFoundOnEveryRoute() {
		long id = create("Mine");
		TestTenant other = TestTenant.create(this.context);

		assertThat(this.api.get("/badges?id=" + id, other.admin()).status()).isEqualTo(404);
		assertThat(this.api.send("PUT", "/badges?id=" + id, other.admin(), Map.of("name", "x"), Map.of()).status())
			.isEqualTo(404);
		assertThat(this.api.send("DELETE", "/badges?id=" + id, other.admin(), null, Map.of()).status()).isEqualTo(404);
		assertThat(this.api.get("/badges?id=" + id, this.tenant.admin()).json().at("/badge/name").asString())
			.isEqualTo("Mine");
	}

	private long create(String name) {
		ApiClient.Response created = this.api.post("/badges", this.tenant.admin(), Map.of("name", name));
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		return created.json().get("id").asLong();
	}

	private long globalBadge(String name) {
		return this.jdbc.sql("insert into badge (name) values (:name) returning id")
			.param("name", name)
			.query(Long.class)
			.single();
	}

	private static List<Long> ids(JsonNode list) {
		return list.get("rows").valueStream().map((r) -> r.get("id").asLong()).toList();
	}

}
