package dev.podium.edge.badge;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.podium.contracts.BadgeGranted;
import dev.podium.contracts.BadgeRevoked;
import dev.podium.contracts.Topics;
import dev.podium.edge.EdgeTest;
import dev.podium.edge.EdgeTestSupport;
import dev.podium.platform.outbox.Outbox;
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
class GrantIntegrationTests extends EdgeTestSupport {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	JdbcClient jdbc;

	@Test
	void aManualGrantIsWrittenWithItsEvent() {
		long badge = badge("Helper");
		name(2, 17, "Ada");

		ApiClient.Response granted = this.api.post("/badges/grant", this.tenant.admin(),
				Map.of("badgeid", badge, "participanttype", 2, "participantid", 17, "notes", "thanks"));

		assertThat(granted.status()).as(granted.text()).isEqualTo(201);
		assertThat(granted.json().get("created").asBoolean()).isTrue();
		JsonNode grant = granted.json().get("grant");
		long grantId = grant.get("id").asLong();
		assertThat(grant.get("badgeid").asLong()).isEqualTo(badge);
		assertThat(grant.get("badgename").asString()).isEqualTo("Helper");
		assertThat(grant.get("name").asString()).isEqualTo("Ada");
		assertThat(grant.get("source").asString()).isEqualTo("manual");
		assertThat(grant.get("notes").asString()).isEqualTo("thanks");
		assertThat(grant.get("revokedat").isNull()).isTrue();

		List<ConsumerRecord<String, String>> events = events(BadgeGranted.TYPE, "2:17", 1);
		assertThat(events).hasSize(1);
		ConsumerRecord<String, String> event = events.get(0);
		assertThat(TestMessages.header(event, "ce_subject")).isEqualTo("participants/2:17");
		BadgeGranted payload = JSON.readValue(event.value(), BadgeGranted.class);
		assertThat(payload.grantId()).isEqualTo(grantId);
		assertThat(payload.organisationId()).isEqualTo(this.tenant.organisationId());
		assertThat(payload.badgeId()).isEqualTo(badge);
		assertThat(payload.badgeName()).isEqualTo("Helper");
		assertThat(payload.participantType()).isEqualTo(2);
		assertThat(payload.participantId()).isEqualTo(17);
		assertThat(payload.participantName()).isEqualTo("Ada");
		assertThat(payload.source()).isEqualTo("manual");
		assertThat(payload.challengeId()).isNull();
		assertThat(payload.ruleId()).isNull();
		assertThat(payload.grantedAt()).isEqualTo(Instant.parse(grant.get("grantedat").asString()));
	}

	@Test
	void grantingAHeldBadgeAgainAnswersTheExistingGrantWithoutASecondEvent() {
		long badge = badge("Once");
		Map<String, Object> fields = Map.of("badgeid", badge, "participanttype", 1, "participantid", 4);

		ApiClient.Response first = this.api.post("/badges/grant", this.tenant.admin(), fields);
		ApiClient.Response second = this.api.post("/badges/grant", this.tenant.admin(), fields);

		assertThat(first.status()).isEqualTo(201);
		assertThat(second.status()).isEqualTo(200);
		assertThat(second.json().get("created").asBoolean()).isFalse();
		assertThat(second.json().get("id").asLong()).isEqualTo(first.json().get("id").asLong());
		assertThat(grants(badge)).isEqualTo(1);
		assertThat(events(BadgeGranted.TYPE, "1:4", 2)).hasSize(1);
	}

	@Test
	void concurrentManualGrantsOfOneBadgeWriteOneGrant() throws Exception {
		long badge = badge("Race");
		Map<String, Object> fields = Map.of("badgeid", badge, "participanttype", 2, "participantid", 6);

		List<ApiClient.Response> answers = concurrently(8,
				() -> this.api.post("/badges/grant", this.tenant.admin(), fields));

		assertThat(answers).extracting(ApiClient.Response::status).containsOnly(200, 201);
		assertThat(answers).filteredOn((a) -> a.status() == 201).hasSize(1);
		assertThat(answers.stream().map((a) -> a.json().get("id").asLong()).distinct()).hasSize(1);
		assertThat(grants(badge)).isEqualTo(1);
	}

	@Test
	void aRevokedManualGrantMayBeGrantedAfresh() {
		long badge = badge("Again");
		Map<String, Object> fields = Map.of("badgeid", badge, "participanttype", 2, "participantid", 3);
		long first = this.api.post("/badges/grant", this.tenant.admin(), fields).json().get("id").asLong();
		this.api.post("/badges/revoke", this.tenant.admin(), Map.of("grantid", first, "reason", "mistake"));

		ApiClient.Response again = this.api.post("/badges/grant", this.tenant.admin(), fields);

		assertThat(again.status()).isEqualTo(201);
		assertThat(again.json().get("id").asLong()).isNotEqualTo(first);
	}

	@Test
	void theDatabaseRefusesASecondUnrevokedManualGrant() {
		long badge = badge("Constraint");
		String insert = """
				insert into badge_grant (organisation_id, badge_id, participant_type, participant_id, source)
				values (:o, :b, 2, 8, 'manual')
				""";
		this.jdbc.sql(insert).param("o", this.tenant.organisationId()).param("b", badge).update();

		assertThatThrownBy(
				() -> this.jdbc.sql(insert).param("o", this.tenant.organisationId()).param("b", badge).update())
			.isInstanceOf(DataIntegrityViolationException.class);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "null", textBlock = """
			badgeid         | null     | 2    | 1    | null
			badgeid         | 0        | 2    | 1    | null
			badgeid         | inactive | 2    | 1    | null
			badgeid         | theirs   | 2    | 1    | null
			badgeid         | 99999999 | 2    | 1    | null
			participanttype | ok       | null | 1    | null
			participanttype | ok       | 5    | 1    | null
			participanttype | ok       | user | 1    | null
			participantid   | ok       | 2    | null | null
			participantid   | ok       | 2    | -1   | null
			participantid   | ok       | 4    | 9999 | null
			notes           | ok       | 2    | 1    | long
			""")
	void everyInvalidGrantFieldIsNamed(String field, String badge, String type, String id, String notes) {
		Map<String, Object> fields = new HashMap<>();
		if (badge != null) {
			fields.put("badgeid", switch (badge) {
				case "ok" -> Long.toString(badge("valid"));
				case "inactive" -> Long.toString(inactiveBadge());
				case "theirs" -> Long.toString(
						this.api.post("/badges", TestTenant.create(this.context).admin(), Map.of("name", "theirs"))
							.json()
							.get("id")
							.asLong());
				default -> badge;
			});
		}
		if (type != null) {
			fields.put("participanttype", type);
		}
		if (id != null) {
			fields.put("participantid", id);
		}
		if (notes != null) {
			fields.put("notes", "n".repeat(1001));
		}

		ApiClient.Response refused = this.api.post("/badges/grant", this.tenant.admin(), fields);

		assertThat(refused.status()).as(refused.text()).isEqualTo(400);
		assertThat(refused.json().get("field").asString()).isEqualTo(field);
	}

	@Test
	void aTeamMayBeGrantedABadgeAndIsNamedByItsTeam() {
		long badge = badge("Team spirit");
		long team = this.api.post("/challenges/teams", this.tenant.admin(), Map.of("name", "Ward 4"))
			.json()
			.get("id")
			.asLong();

		ApiClient.Response granted = this.api.post("/badges/grant", this.tenant.admin(),
				Map.of("badgeid", badge, "participanttype", 4, "participantid", team));

		assertThat(granted.status()).as(granted.text()).isEqualTo(201);
		assertThat(granted.json().at("/grant/name").asString()).isEqualTo("Ward 4");
	}

	@Test
	void aRevocationIsWrittenWithItsEventAndOnlyOnce() {
		long badge = badge("Revocable");
		long grant = this.api
			.post("/badges/grant", this.tenant.admin(),
					Map.of("badgeid", badge, "participanttype", 2, "participantid", 21))
			.json()
			.get("id")
			.asLong();

		ApiClient.Response revoked = this.api.post("/badges/revoke", this.tenant.admin(),
				Map.of("grantid", grant, "reason", "  granted by mistake "));
		ApiClient.Response twice = this.api.post("/badges/revoke?id=" + grant, this.tenant.admin(),
				Map.of("reason", "again"));

		assertThat(revoked.status()).as(revoked.text()).isEqualTo(200);
		assertThat(revoked.json().at("/grant/revokereason").asString()).isEqualTo("granted by mistake");
		assertThat(revoked.json().at("/grant/revokedat").isNull()).isFalse();
		assertThat(twice.status()).isEqualTo(409);
		assertThat(twice.json().get("code").asString()).isEqualTo("grant_revoked");
		List<ConsumerRecord<String, String>> events = events(BadgeRevoked.TYPE, "2:21", 1);
		assertThat(events).hasSize(1);
		BadgeRevoked payload = JSON.readValue(events.get(0).value(), BadgeRevoked.class);
		assertThat(payload.grantId()).isEqualTo(grant);
		assertThat(payload.badgeId()).isEqualTo(badge);
		assertThat(payload.source()).isEqualTo("manual");
		assertThat(payload.reason()).isEqualTo("granted by mistake");
		assertThat(payload.revokedAt()).isEqualTo(Instant.parse(revoked.json().at("/grant/revokedat").asString()));
	}

	@Test
	void aChallengeGrantMayBeRevokedToo() {
		long badge = badge("Won");
		long challenge = createChallenge(this.tenant.admin(), "won it");
		long grant = challengeGrant(badge, challenge, 2, 30);

		ApiClient.Response revoked = this.api.post("/badges/revoke", this.tenant.admin(),
				Map.of("id", grant, "reason", "cheated"));

		assertThat(revoked.status()).as(revoked.text()).isEqualTo(200);
		BadgeRevoked payload = JSON.readValue(events(BadgeRevoked.TYPE, "2:30", 1).get(0).value(), BadgeRevoked.class);
		assertThat(payload.source()).isEqualTo("challenge");
		assertThat(payload.challengeId()).isEqualTo(challenge);
	}

	@Test
	void aRevocationNeedsAGrantAndAReason() {
		long grant = this.api
			.post("/badges/grant", this.tenant.admin(),
					Map.of("badgeid", badge("r"), "participanttype", 2, "participantid", 1))
			.json()
			.get("id")
			.asLong();

		assertThat(refusal(Map.of("reason", "x"))).isEqualTo("grantid");
		assertThat(refusal(Map.of("grantid", "abc", "reason", "x"))).isEqualTo("grantid");
		assertThat(refusal(Map.of("id", 0, "reason", "x"))).isEqualTo("id");
		assertThat(refusal(Map.of("grantid", grant))).isEqualTo("reason");
		assertThat(refusal(Map.of("grantid", grant, "reason", "   "))).isEqualTo("reason");
		assertThat(this.api.post("/badges/revoke", this.tenant.admin(), Map.of("grantid", 999_999_999, "reason", "x"))
			.status()).isEqualTo(404);
	}

	@Test
	void anotherOrganisationsGrantIsNotFound() {
		long grant = this.api
			.post("/badges/grant", this.tenant.admin(),
					Map.of("badgeid", badge("mine"), "participanttype", 2, "participantid", 1))
			.json()
			.get("id")
			.asLong();
		TestTenant other = TestTenant.create(this.context);

		assertThat(this.api.post("/badges/revoke", other.admin(), Map.of("grantid", grant, "reason", "x")).status())
			.isEqualTo(404);
		assertThat(this.api.get("/challenges/badges", other.admin()).json().get("totalrows").asLong()).isZero();
		assertThat(this.api.get("/challenges/badges", this.tenant.admin()).json().at("/rows/0/revokedat").isNull())
			.isTrue();
	}

	@Test
	void theListFiltersLikeTheLedgerNewestFirstWithNames() {
		long gold = badge("Gold");
		long silver = badge("Silver");
		long challenge = createChallenge(this.tenant.admin(), "October");
		name(2, 1, "Ada");
		long a = challengeGrant(gold, challenge, 2, 1);
		long b = manualGrant(silver, 2, 1);
		long c = manualGrant(gold, 1, 7);
		long d = manualGrant(silver, 2, 2);
		this.api.post("/badges/revoke", this.tenant.admin(), Map.of("grantid", d, "reason", "no"));
		this.jdbc.sql("update badge_grant set granted_at = '2026-03-01T12:00:00Z' where id = :id")
			.param("id", a)
			.update();

		assertThat(listed("")).containsExactly(d, c, b, a);
		assertThat(listed("?participanttype=2")).containsExactly(d, b, a);
		assertThat(listed("?participanttype=2&participantid=1")).containsExactly(b, a);
		assertThat(listed("?challengeid=" + challenge)).containsExactly(a);
		assertThat(listed("?badgeid=" + gold)).containsExactly(c, a);
		assertThat(listed("?includerevoked=0")).containsExactly(c, b, a);
		assertThat(listed("?from=2026-03-02")).containsExactly(d, c, b);
		assertThat(listed("?to=2026-03-01")).containsExactly(a);
		assertThat(listed("?from=2026-03-01T12:00:00Z&to=2026-03-01T12:00:00Z")).containsExactly(a);
		assertThat(listed("?to=2026-03-01T11:59:59Z")).isEmpty();
		JsonNode page = this.api.get("/challenges/badges?perPage=2&page=2", this.tenant.viewer()).json();
		assertThat(page.get("totalrows").asLong()).isEqualTo(4);
		assertThat(page.get("rows")).hasSize(2);
		JsonNode row = this.api.get("/challenges/badges?challengeid=" + challenge, this.tenant.coordinator())
			.json()
			.at("/rows/0");
		assertThat(row.get("name").asString()).isEqualTo("Ada");
		assertThat(row.get("badgename").asString()).isEqualTo("Gold");
		assertThat(row.get("source").asString()).isEqualTo("challenge");
		assertThat(row.get("challengeid").asLong()).isEqualTo(challenge);
		assertThat(row.get("challengename").asString()).isEqualTo("October");
		assertThat(row.get("grantedat").asString()).isEqualTo("2026-03-01T12:00:00Z");
		JsonNode revoked = this.api.get("/challenges/badges?participantid=2", this.tenant.viewer())
			.json()
			.at("/rows/0");
		assertThat(revoked.get("revokedat").isNull()).isFalse();
		assertThat(revoked.get("revokereason").asString()).isEqualTo("no");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			participanttype | participanttype=9
			participanttype | participanttype=x
			participantid   | participantid=-2
			challengeid     | challengeid=0
			badgeid         | badgeid=x
			from            | from=yesterday
			to              | to=2026-13-01
			to              | from=2026-03-02&to=2026-03-01
			includerevoked  | includerevoked=maybe
			page            | page=0
			perPage         | perPage=1001
			""")
	void everyInvalidFilterIsNamed(String field, String query) {
		ApiClient.Response refused = this.api.get("/challenges/badges?" + query, this.tenant.viewer());

		assertThat(refused.status()).as(refused.text()).isEqualTo(400);
		assertThat(refused.json().get("field").asString()).isEqualTo(field);
	}

	@Test
	void aParticipantSeesOnlyItsOwnGrants() {
		long badge = badge("Mine only");
		long own = manualGrant(badge, 2, 1);
		manualGrant(badge, 2, 2);
		manualGrant(badge, 1, 1);

		assertThat(listed("", this.tenant.participant())).containsExactly(own);
		assertThat(listed("?participanttype=2&participantid=1", this.tenant.participant())).containsExactly(own);
		assertThat(this.api.get("/challenges/badges?participantid=2", this.tenant.participant()).status())
			.isEqualTo(404);
		assertThat(this.api.get("/challenges/badges?participanttype=1", this.tenant.participant()).status())
			.isEqualTo(404);
	}

	static List<ApiClient.Response> concurrently(int calls, Callable<ApiClient.Response> call) throws Exception {
		try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<ApiClient.Response>> futures = new ArrayList<>();
			for (int i = 0; i < calls; i++) {
				futures.add(pool.submit(call));
			}
			List<ApiClient.Response> answers = new ArrayList<>();
			for (Future<ApiClient.Response> future : futures) {
				answers.add(future.get(60, TimeUnit.SECONDS));
			}
			return answers;
		}
	}

	private String refusal(Map<String, Object> fields) {
		ApiClient.Response refused = this.api.post("/badges/revoke", this.tenant.admin(), fields);
		assertThat(refused.status()).as(refused.text()).isEqualTo(400);
		return refused.json().get("field").asString();
	}

	private List<Long> listed(String query) {
		return listed(query, this.tenant.viewer());
	}

	private List<Long> listed(String query, String token) {
		ApiClient.Response list = this.api.get("/challenges/badges" + query, token);
		assertThat(list.status()).as(list.text()).isEqualTo(200);
		return list.json().get("rows").valueStream().map((r) -> r.get("id").asLong()).toList();
	}

	private List<ConsumerRecord<String, String>> events(String type, String key, int count) {
		String source = Outbox.source(this.tenant.organisationId());
		return TestMessages.read(Topics.PARTICIPANT_EVENTS,
				(r) -> key.equals(r.key()) && source.equals(TestMessages.header(r, "ce_source"))
						&& type.equals(TestMessages.header(r, "ce_type")),
				count, Duration.ofSeconds((count > 1) ? 3 : 30));
	}

	private long badge(String name) {
		return this.api.post("/badges", this.tenant.admin(), Map.of("name", name)).json().get("id").asLong();
	}

	private long inactiveBadge() {
		long id = badge("inactive");
		this.api.send("DELETE", "/badges?id=" + id, this.tenant.admin(), null, Map.of());
		return id;
	}

	private long manualGrant(long badge, int type, long id) {
		ApiClient.Response granted = this.api.post("/badges/grant", this.tenant.admin(),
				Map.of("badgeid", badge, "participanttype", type, "participantid", id));
		assertThat(granted.status()).as(granted.text()).isEqualTo(201);
		return granted.json().get("id").asLong();
	}

	private long challengeGrant(long badge, long challenge, int type, long id) {
		return this.jdbc
			.sql("""
					insert into badge_grant (organisation_id, badge_id, participant_type, participant_id, source, challenge_id)
					values (:o, :b, :t, :i, 'challenge', :c) returning id
					""")
			.param("o", this.tenant.organisationId())
			.param("b", badge)
			.param("t", type)
			.param("i", id)
			.param("c", challenge)
			.query(Long.class)
			.single();
	}

	private void name(int type, long id, String name) {
		assertThat(this.api
			.send("PUT", "/participants", this.tenant.admin(),
					List.of(Map.of("participanttype", type, "participantid", id, "name", name)), Map.of())
			.status()).isEqualTo(200);
	}

	private long grants(long badge) {
		return this.jdbc.sql("select count(*) from badge_grant where badge_id = :b")
			.param("b", badge)
			.query(Long.class)
			.single();
	}

}
