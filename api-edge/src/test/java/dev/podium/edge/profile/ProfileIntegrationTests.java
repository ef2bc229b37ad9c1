package dev.podium.edge.profile;

import java.time.LocalDate;
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
class ProfileIntegrationTests extends EdgeTestSupport {

	@Autowired
	JdbcClient jdbc;

	@Test
	void aParticipantWithoutHistoryHasZerosAndEmptyLists() {
		ApiClient.Response profile = this.api.get("/challenges/participant?participanttype=2&participantid=404",
				this.tenant.viewer());

		assertThat(profile.status()).as(profile.text()).isEqualTo(200);
		JsonNode body = profile.json();
		assertThat(body.get("participanttype").asInt()).isEqualTo(2);
		assertThat(body.get("participantid").asLong()).isEqualTo(404);
		assertThat(body.get("name").isNull()).isTrue();
		assertThat(body.get("balance").asLong()).isZero();
		assertThat(body.get("lifetimeearned").asLong()).isZero();
		assertThat(body.get("spent").asLong()).isZero();
		assertThat(body.get("badgesearned").asLong()).isZero();
		assertThat(body.get("badges")).isEmpty();
		assertThat(body.get("challenges")).isEmpty();
		assertThat(body.get("ledger")).isEmpty();
	}

	@Test
	void pointsAreSummedFromTheLedgerWithReasonLabelsNewestFirst() {
		long challenge = challenge("Earned in", 2, null, -40, -30, true, true);
		ledger(2, 17, challenge, 50, 0);
		ledger(2, 17, null, 10, 3);
		ledger(2, 17, null, -20, 1);
		ledger(2, 17, null, -5, 2);
		ledger(2, 17, null, -3, 3);
		ledger(2, 18, null, 1000, 3);
		this.api.send("PUT", "/participants", this.tenant.admin(),
				List.of(Map.of("participanttype", 2, "participantid", 17, "name", "Ada")), Map.of());

		JsonNode body = profile(2, 17, this.tenant.coordinator());

		assertThat(body.get("name").asString()).isEqualTo("Ada");
		assertThat(body.get("balance").asLong()).isEqualTo(32);
		assertThat(body.get("lifetimeearned").asLong()).isEqualTo(60);
		assertThat(body.get("spent").asLong()).isEqualTo(28);
		assertThat(body.get("ledger").valueStream().map((r) -> r.get("reasonlabel").asString()))
			.containsExactly("adjusted", "expired", "redeemed", "adjusted", "earned");
		assertThat(body.at("/ledger/0/points").asLong()).isEqualTo(-3);
		assertThat(body.at("/ledger/4/challengeid").asLong()).isEqualTo(challenge);
	}

	@Test
	void theLedgerShowsTheTwentyLatestRows() {
		for (int i = 1; i <= 25; i++) {
			ledger(1, 3, null, i, 3);
		}

		JsonNode body = profile(1, 3, this.tenant.viewer());

		assertThat(body.get("ledger")).hasSize(20);
		assertThat(body.at("/ledger/0/points").asLong()).isEqualTo(25);
		assertThat(body.at("/ledger/19/points").asLong()).isEqualTo(6);
		assertThat(body.get("balance").asLong()).isEqualTo(325);
	}

	@Test
	void badgesAreTheUnrevokedGrantsNewestFirstWithChallengeOrRule() {
		long gold = badge("Gold", 3);
		long star = badge("Star", 1);
		long challenge = challenge("Spring cup", 2, null, -40, -30, true, true);
		long rule = this.api
			.post("/badges/auto-rules", this.tenant.admin(), Map.of("badgeid", star, "ruletype", 0, "threshold", 1))
			.json()
			.get("id")
			.asLong();
		grant(gold, 2, 17, "challenge", challenge, null);
		grant(star, 2, 17, "rule", null, rule);
		long revoked = this.api
			.post("/badges/grant", this.tenant.admin(),
					Map.of("badgeid", gold, "participanttype", 2, "participantid", 17))
			.json()
			.get("id")
			.asLong();
		this.api.post("/badges/revoke", this.tenant.admin(), Map.of("grantid", revoked, "reason", "no"));
		grant(gold, 2, 18, "challenge", challenge, null);

		JsonNode body = profile(2, 17, this.tenant.admin());

		assertThat(body.get("badgesearned").asLong()).isEqualTo(2);
		assertThat(body.get("badges")).hasSize(2);
		JsonNode byRule = body.at("/badges/0");
		assertThat(byRule.get("badgeid").asLong()).isEqualTo(star);
		assertThat(byRule.get("name").asString()).isEqualTo("Star");
		assertThat(byRule.get("tier").asInt()).isEqualTo(1);
		assertThat(byRule.get("source").asString()).isEqualTo("rule");
		assertThat(byRule.get("ruleid").asLong()).isEqualTo(rule);
		assertThat(byRule.get("challengeid").isNull()).isTrue();
		JsonNode byChallenge = body.at("/badges/1");
		assertThat(byChallenge.get("source").asString()).isEqualTo("challenge");
		assertThat(byChallenge.get("challengeid").asLong()).isEqualTo(challenge);
		assertThat(byChallenge.get("challengename").asString()).isEqualTo("Spring cup");
		assertThat(byChallenge.get("tier").asInt()).isEqualTo(3);
		assertThat(byChallenge.get("grantedat").isNull()).isFalse();
	}

	@Test
	void challengesAreTheOpenOnesOfTheParticipantsTypeNearestEndFirst() {
		long later = challenge("later", 2, null, -1, 10, true, false);
		long soon = challenge("soon", 2, null, -1, 0, true, false);
		long scheduled = challenge("scheduled", 2, null, 3, 5, true, false);
		long mine = challenge("just me", 2, 17L, -1, 7, true, false);
		challenge("someone else", 2, 18L, -1, 1, true, false);
		challenge("units", 1, null, -1, 1, true, false);
		challenge("ended", 2, null, -10, -1, true, false);
		challenge("closed", 2, null, -1, 1, true, true);
		challenge("draft", 2, null, -1, 1, false, false);

		JsonNode body = profile(2, 17, this.tenant.viewer());

		assertThat(body.get("challenges").valueStream().map((c) -> c.get("id").asLong())).containsExactly(soon,
				scheduled, mine, later);
		assertThat(body.at("/challenges/0/status").asString()).isEqualTo("live");
		assertThat(body.at("/challenges/1/status").asString()).isEqualTo("scheduled");
		assertThat(body.at("/challenges/0/enddate").asString()).isEqualTo(LocalDate.now().toString());
		assertThat(body.at("/challenges/0/name").asString()).isEqualTo("soon");
	}

	@Test
	void atMostTwentyChallengesAreListed() {
		for (int i = 0; i < 22; i++) {
			challenge("c" + i, 1, null, -1, i, true, false);
		}

		assertThat(profile(1, 5, this.tenant.viewer()).get("challenges")).hasSize(20);
	}

	@Test
	void aTeamIsNamedByItsTeam() {
		long team = this.api.post("/challenges/teams", this.tenant.admin(), Map.of("name", "Ward 4"))
			.json()
			.get("id")
			.asLong();

		assertThat(profile(4, team, this.tenant.viewer()).get("name").asString()).isEqualTo("Ward 4");
	}

	@Test
	void bothParticipantParametersAreRequiredAndValidated() {
		assertThat(field("/challenges/participant?participantid=1")).isEqualTo("participanttype");
		assertThat(field("/challenges/participant?participanttype=2")).isEqualTo("participantid");
		assertThat(field("/challenges/participant")).isEqualTo("participanttype");
		assertThat(field("/challenges/participant?participanttype=5&participantid=1")).isEqualTo("participanttype");
		assertThat(field("/challenges/participant?participanttype=2&participantid=x")).isEqualTo("participantid");
	}

	@Test
	void aParticipantMayReadOnlyItsOwnProfile() {
		ledger(2, 1, null, 7, 3);
		ledger(2, 2, null, 9, 3);

		ApiClient.Response own = this.api.get("/challenges/participant?participanttype=2&participantid=1",
				this.tenant.participant());
		ApiClient.Response other = this.api.get("/challenges/participant?participanttype=2&participantid=2",
				this.tenant.participant());
		ApiClient.Response otherType = this.api.get("/challenges/participant?participanttype=1&participantid=1",
				this.tenant.participant());

		assertThat(own.status()).isEqualTo(200);
		assertThat(own.json().get("balance").asLong()).isEqualTo(7);
		assertThat(other.status()).isEqualTo(404);
		assertThat(otherType.status()).isEqualTo(404);
	}

	@Test
	void anotherOrganisationsParticipantHasNoHistoryHere() {
		ledger(2, 1, null, 7, 3);
		TestTenant other = TestTenant.create(this.context);

		JsonNode theirs = this.api.get("/challenges/participant?participanttype=2&participantid=1", other.admin())
			.json();

		assertThat(theirs.get("balance").asLong()).isZero();
		assertThat(theirs.get("ledger")).isEmpty();
	}

	private String field(String path) {
		ApiClient.Response refused = this.api.get(path, this.tenant.viewer());
		assertThat(refused.status()).as(refused.text()).isEqualTo(400);
		return refused.json().get("field").asString();
	}

	private JsonNode profile(int type, long id, String token) {
		ApiClient.Response profile = this.api
			.get("/challenges/participant?participanttype=" + type + "&participantid=" + id, token);
		assertThat(profile.status()).as(profile.text()).isEqualTo(200);
		return profile.json();
	}

	private long challenge(String name, int scope, Long scopeId, int startInDays, int endInDays, boolean active,
			boolean closed) {
		return this.jdbc
			.sql("""
					insert into challenge (organisation_id, name, metric, scope, scope_id, start_date, end_date, active, closed)
					values (:o, :name, 0, :scope, :scopeId, current_date + :start, current_date + :end, :active, :closed)
					returning id
					""")
			.param("o", this.tenant.organisationId())
			.param("name", name)
			.param("scope", scope)
			.param("scopeId", scopeId)
			.param("start", startInDays)
			.param("end", endInDays)
			.param("active", active)
			.param("closed", closed)
			.query(Long.class)
			.single();
	}

	private void ledger(int type, long id, Long challenge, long points, int reason) {
		this.jdbc.sql("""
				insert into ledger (organisation_id, challenge_id, participant_type, participant_id, points, reason)
				values (:o, :c, :t, :i, :p, :r)
				""")
			.param("o", this.tenant.organisationId())
			.param("c", challenge)
			.param("t", type)
			.param("i", id)
			.param("p", points)
			.param("r", reason)
			.update();
	}

	private long badge(String name, int tier) {
		return this.api.post("/badges", this.tenant.admin(), Map.of("name", name, "tier", tier))
			.json()
			.get("id")
			.asLong();
	}

	private void grant(long badge, int type, long id, String source, Long challenge, Long rule) {
		this.jdbc.sql("""
				insert into badge_grant (organisation_id, badge_id, participant_type, participant_id, source,
				                         challenge_id, rule_id)
				values (:o, :b, :t, :i, :s, :c, :r)
				""")
			.param("o", this.tenant.organisationId())
			.param("b", badge)
			.param("t", type)
			.param("i", id)
			.param("s", source)
			.param("c", challenge)
			.param("r", rule)
			.update();
	}

}
