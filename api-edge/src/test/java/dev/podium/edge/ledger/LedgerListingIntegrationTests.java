package dev.podium.edge.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.podium.edge.EdgeTest;
import dev.podium.edge.EdgeTestSupport;
import dev.podium.platform.testing.ApiClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /challenges/points}: filters, newest first, totals over the whole filter,
 * time bounds in the organisation's time zone, validation and roles.
 */
@EdgeTest
class LedgerListingIntegrationTests extends EdgeTestSupport {

	@Autowired
	JdbcClient jdbc;

	@Test
	void theListingIsNewestFirstWithNamesLabelsAndTotalsOverTheWholeFilter() {
		name(2, 17, "Ada");
		long challenge = createChallenge(this.tenant.admin(), "awards");
		long earned = row(2, 17, 100, 0, challenge, "2026-10-01T10:00:00Z");
		long redeemed = row(2, 17, -30, 1, null, "2026-10-02T10:00:00Z");
		long other = row(2, 18, 50, 0, challenge, "2026-10-03T10:00:00Z");
		long adjusted = row(2, 17, 5, 3, null, "2026-10-04T10:00:00Z");

		JsonNode page = get("/challenges/points?participanttype=2&participantid=17&perPage=2");
		JsonNode all = get("/challenges/points");

		assertThat(page.get("totalrows").asLong()).isEqualTo(3);
		assertThat(page.get("totalpoints").asLong()).isEqualTo(75);
		assertThat(page.get("page").asInt()).isEqualTo(1);
		assertThat(page.get("perPage").asInt()).isEqualTo(2);
		assertThat(ids(page)).containsExactly(adjusted, redeemed);
		JsonNode first = page.at("/rows/0");
		assertThat(first.get("participantname").asString()).isEqualTo("Ada");
		assertThat(first.get("reasonlabel").asString()).isEqualTo("adjusted");
		assertThat(first.get("createdat").asString()).isEqualTo("2026-10-04T10:00:00Z");
		assertThat(first.get("challengeid").isNull()).isTrue();
		assertThat(page.at("/rows/1/reasonlabel").asString()).isEqualTo("redeemed");
		assertThat(page.at("/rows/1/points").asLong()).isEqualTo(-30);
		assertThat(ids(get("/challenges/points?participanttype=2&participantid=17&perPage=2&page=2")))
			.containsExactly(earned);
		assertThat(ids(all)).containsExactly(adjusted, other, redeemed, earned);
		assertThat(all.get("totalpoints").asLong()).isEqualTo(125);
		assertThat(all.at("/rows/1/participantname").isNull()).isTrue();
		assertThat(ids(get("/challenges/points?challengeid=" + challenge))).containsExactly(other, earned);
		assertThat(ids(get("/challenges/points?reason=0&participanttype=2"))).containsExactly(other, earned);
		assertThat(get("/challenges/points?reason=2").get("totalrows").asLong()).isZero();
		assertThat(get("/challenges/points?reason=2").get("totalpoints").asLong()).isZero();
	}

	@Test
	void anotherOrganisationsRowsAreNeverListed() {
		long mine = row(2, 17, 100, 3, null, "2026-10-01T10:00:00Z");
		long theirs = this.jdbc.sql("insert into organisation (name) values ('other') returning id")
			.query(Long.class)
			.single();
		this.jdbc.sql("""
				insert into ledger (organisation_id, challenge_id, participant_type, participant_id, points, reason)
				values (:o, null, 2, 17, 1000, 3)
				""").param("o", theirs).update();

		JsonNode listed = get("/challenges/points?participanttype=2&participantid=17");

		assertThat(ids(listed)).containsExactly(mine);
		assertThat(listed.get("totalpoints").asLong()).isEqualTo(100);
	}

	@Test
	void fromIsInclusiveAndToCoversItsWholeDayInTheOrganisationsTimeZone() {
		this.api.send("PUT", "/organisation", this.tenant.admin(), Map.of("timezone", "Europe/Paris"), Map.of());
		// 2026-10-01 in Paris (UTC+2) runs from 2026-09-30T22:00Z to 2026-10-01T22:00Z.
		long before = row(2, 1, 1, 3, null, "2026-09-30T21:59:59.999999Z");
		long firstMoment = row(2, 1, 2, 3, null, "2026-09-30T22:00:00Z");
		long lastMoment = row(2, 1, 4, 3, null, "2026-10-01T21:59:59.999999Z");
		long nextDay = row(2, 1, 8, 3, null, "2026-10-01T22:00:00Z");

		JsonNode day = get("/challenges/points?from=2026-10-01&to=2026-10-01");
		JsonNode instants = get("/challenges/points?from=2026-09-30T22:00:00Z&to=2026-10-01T22:00:00%2B00:00");
		JsonNode open = get("/challenges/points?from=2026-10-02");
		JsonNode until = get("/challenges/points?to=2026-09-30");

		assertThat(ids(day)).containsExactly(lastMoment, firstMoment);
		assertThat(day.get("totalpoints").asLong()).isEqualTo(6);
		assertThat(ids(instants)).containsExactly(lastMoment, firstMoment);
		assertThat(ids(open)).containsExactly(nextDay);
		assertThat(ids(until)).containsExactly(before);
	}

	@Test
	void everyInvalidFilterIsRefusedNamingItsParameter() {
		Map<String, String> refused = Map.ofEntries(Map.entry("participanttype=9", "participanttype"),
				Map.entry("participanttype=x", "participanttype"), Map.entry("participantid=3", "participantid"),
				Map.entry("participanttype=2&participantid=-1", "participantid"), Map.entry("reason=7", "reason"),
				Map.entry("reason=1.5", "reason"), Map.entry("challengeid=abc", "challengeid"),
				Map.entry("from=2026-13-01", "from"), Map.entry("to=yesterday", "to"),
				Map.entry("from=2026-10-01T10:00:00", "from"), Map.entry("from=2026-10-02&to=2026-10-01", "to"),
				Map.entry("from=2026-10-01T10:00:01Z&to=2026-10-01T10:00:00Z", "to"), Map.entry("page=0", "page"),
				Map.entry("page=x", "page"), Map.entry("perPage=1001", "perPage"), Map.entry("perPage=0", "perPage"));
		refused.forEach((query, field) -> {
			ApiClient.Response answer = this.api.get("/challenges/points?" + query, this.tenant.viewer());
			assertThat(answer.status()).as(query).isEqualTo(400);
			assertThat(answer.json().get("field").asString()).as(query).isEqualTo(field);
		});
		assertThat(this.api.get("/challenges/points?perPage=1000&from=2026-10-01&to=2026-10-01", this.tenant.viewer())
			.status()).isEqualTo(200);
	}

	@Test
	void aParticipantSeesOnlyItsOwnRowsWhateverItAsksFor() {
		// The tenant's participant token speaks for participant (2, 1).
		long own = row(2, 1, 10, 3, null, "2026-10-01T10:00:00Z");
		row(2, 2, 20, 3, null, "2026-10-01T10:00:00Z");
		row(1, 1, 40, 3, null, "2026-10-01T10:00:00Z");

		JsonNode unfiltered = this.api.get("/challenges/points", this.tenant.participant()).json();
		JsonNode other = this.api.get("/challenges/points?participanttype=2&participantid=2", this.tenant.participant())
			.json();

		assertThat(ids(unfiltered)).containsExactly(own);
		assertThat(unfiltered.get("totalpoints").asLong()).isEqualTo(10);
		assertThat(ids(other)).containsExactly(own);
		assertThat(this.api.get("/challenges/points", this.tenant.coordinator()).json().get("totalrows").asLong())
			.isEqualTo(3);
		assertThat(this.api.get("/challenges/points", null).status()).isEqualTo(401);
	}

	private JsonNode get(String path) {
		ApiClient.Response answer = this.api.get(path, this.tenant.viewer());
		assertThat(answer.status()).as(answer.text()).isEqualTo(200);
		return answer.json();
	}

	private long row(int type, long id, long points, int reason, Long challenge, String at) {
		return this.jdbc.sql("""
				insert into ledger (organisation_id, created_at, challenge_id, participant_type, participant_id, points,
				                    reason)
				values (:o, cast(:at as timestamptz), :challenge, :type, :id, :points, :reason) returning id
				""")
			.param("o", this.tenant.organisationId())
			.param("at", at)
			.param("challenge", challenge)
			.param("type", type)
			.param("id", id)
			.param("points", points)
			.param("reason", reason)
			.query(Long.class)
			.single();
	}

	private void name(int type, long id, String name) {
		this.jdbc.sql("""
				insert into participant (organisation_id, participant_type, participant_id, name)
				values (:o, :type, :id, :name)
				""")
			.param("o", this.tenant.organisationId())
			.param("type", type)
			.param("id", id)
			.param("name", name)
			.update();
	}

	private static List<Long> ids(JsonNode listing) {
		List<Long> ids = new ArrayList<>();
		listing.get("rows").forEach((row) -> ids.add(row.get("id").asLong()));
		return ids;
	}

}
