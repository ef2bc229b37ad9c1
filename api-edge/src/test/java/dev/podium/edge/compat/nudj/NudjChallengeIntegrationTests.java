package dev.podium.edge.compat.nudj;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import dev.podium.edge.EdgeTest;
import dev.podium.edge.EdgeTestSupport;
import dev.podium.platform.security.ApiTokens;
import dev.podium.platform.security.Role;
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
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static dev.podium.edge.compat.SeedExamples.assertShape;
import static dev.podium.edge.compat.SeedExamples.example;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * nudj's challenge endpoints (seeds 001 and 002): the examples fed verbatim (and with
 * real ids where the verbatim placeholders break the seed's own patterns), each field
 * checked for presence, type and value; every validation rule of seed 001 with one bad
 * value; lifecycle, userState, roles and other organisations' ids.
 */
@EdgeTest
class NudjChallengeIntegrationTests extends EdgeTestSupport {

	private static final String ADMIN = "/api/v2/admin/challenges/";

	private static final String INTEGRATION = "/api/v2/integration/challenges/";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

	/** Response fields the seed lets be null, and that are null here (no source). */
	private static final Set<String> NULLABLE = Set.of("challengeType", "threadId");

	/** Arrays the seeds fill that stay empty here: Podium challenges have no actions. */
	private static final Set<String> EMPTY = Set.of("actionIds", "actionGroups", "groupIds",
			"actionsRewardDistribution.rewardAllocations");

	private static final String A1 = "0000000000000000000000a1";

	private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ApiTokens tokens;

	@Test
	void theUpdateExampleVerbatimIsRefusedForItsPlaceholderIds() {
		long challenge = challenge(live("verbatim", null));

		ApiClient.Response refused = this.api.post(ADMIN + hex(challenge), this.tenant.admin(),
				example("001-update-request.json"));

		assertThat(refused.status()).as(refused.text()).isEqualTo(400);
		assertThat(refused.json().get("field").asString()).isEqualTo("additionalCommunityIds");
	}

	@Test
	void theUpdateExampleWithRealIdsChangesEveryFieldAndAnswersTheSeedsShape() {
		long badge = badge("Finisher");
		long challenge = challenge(live("before", badge));
		JsonNode request = withRealIds(example("001-update-request.json"));

		ApiClient.Response updated = this.api.post(ADMIN + hex(challenge), this.tenant.admin(), request);

		assertThat(updated.status()).as(updated.text()).isEqualTo(200);
		JsonNode answer = updated.json();
		assertShape(example("001-update-response.json"), answer, NULLABLE, EMPTY);
		for (var field : request.properties()) {
			assertThat(answer.get(field.getKey())).as(field.getKey()).isEqualTo(field.getValue());
		}
		assertThat(answer.get("id").asString()).isEqualTo(hex(challenge));
		assertThat(answer.get("organisationId").asString()).isEqualTo(hex(this.tenant.organisationId()));
		assertThat(answer.get("communityId").asString()).isEqualTo(hex(this.tenant.organisationId()));
		assertThat(answer.get("numberOfActions").asLong()).isZero();
		assertThat(answer.get("startedCount").asLong()).isZero();
		assertThat(answer.get("completedCount").asLong()).isZero();
		assertThat(answer.get("startDate")).isEqualTo(request.get("startsAt"));
		assertThat(answer.get("endDate")).isEqualTo(request.get("expiresAt"));
		assertThat(answer.get("createdAt").asString()).matches(TIME);
		assertThat(answer.get("updatedAt").asString()).matches(TIME);
		assertThat(answer.get("xpConfig").valueStream().mapToLong(JsonNode::asLong).sum()).isZero();
		JsonNode reward = answer.get("rewardDistribution");
		assertThat(reward.get("points").asLong()).isEqualTo(50);
		assertThat(reward.get("rewardSelectionMethod").asString()).isEqualTo("all");
		assertThat(reward.get("numberOfRewardsToReceive").asLong()).isEqualTo(1);
		assertThat(reward.at("/rewardAllocations/0/rewardId").asString()).isEqualTo(hex(badge));
		assertThat(reward.at("/rewardAllocations/0/allocationType").asString()).isEqualTo("assets");
		assertThat(reward.at("/rewardAllocations/0/amountToDistribute").asLong()).isEqualTo(1);
		JsonNode ours = this.api.get("/challenges?id=" + challenge, this.tenant.admin()).json().get("challenge");
		assertThat(ours.get("name").asString()).isEqualTo("<string>");
		assertThat(ours.get("description").asString()).isEqualTo("<string>");
		assertThat(ours.get("startdate").asString()).isEqualTo(TODAY.minusDays(10).toString());
		assertThat(ours.get("enddate").asString()).isEqualTo(TODAY.plusDays(9).toString());
		assertThat(ours.get("status").asString()).isEqualTo("live");
	}

	@Test
	void theGetExamplesEveryFieldIsThereForACompletedParticipant() {
		long badge = this.api.post("/badges", this.tenant.admin(),
				Map.of("name", "Gold hands", "description", "Top of the month", "iconurl",
						"https://assets.example.com/gold.svg", "lockediconurl",
						"https://assets.example.com/gold-locked.svg"))
			.json()
			.get("id")
			.asLong();
		long challenge = challenge(live("October", badge));
		this.api.post(ADMIN + hex(challenge), this.tenant.admin(), withRealIds(example("001-update-request.json")));
		upload(challenge, Map.of(1L, 30, 2L, 5, 3L, 12));
		long grant = close(challenge, badge, 1);

		ApiClient.Response read = this.api.send("GET", INTEGRATION + hex(challenge), this.tenant.participant(), null,
				Map.of("x-language", "nb"));

		assertThat(read.status()).as(read.text()).isEqualTo(200);
		JsonNode answer = read.json();
		Set<String> nullable = union(NULLABLE, Set.of("rewards[].totalSupply", "rewards[].remainingSupply"));
		Set<String> empty = union(EMPTY, Set.of("actions", "tags[].config.filtering", "tags[].config.display",
				"userState.latestAttempt.earnedRewardEntries"));
		assertShape(example("002-get-response.json"), answer, nullable, empty);
		assertThat(answer.get("status").asString()).isEqualTo("expired");
		assertThat(answer.get("startedCount").asLong()).isEqualTo(3);
		assertThat(answer.get("uniqueUsersStartedCount").asLong()).isEqualTo(3);
		assertThat(answer.get("completedCount").asLong()).isEqualTo(2);
		assertThat(answer.get("uniqueUsersCompletedCount").asLong()).isEqualTo(2);
		JsonNode state = answer.get("userState");
		assertThat(state.get("status").asString()).isEqualTo("completed");
		assertThat(state.get("completionsInPeriod").asLong()).isEqualTo(1);
		assertThat(state.get("totalCompletions").asLong()).isEqualTo(1);
		assertThat(state.get("keysContributed").asLong()).isZero();
		assertThat(state.get("historicAttempts")).isEmpty();
		assertThat(state.get("challengeProgressId").asString()).isEqualTo(hex(challenge) + "-2-1");
		JsonNode attempt = state.get("latestAttempt");
		assertThat(attempt.get("earnedPoints").asLong()).isEqualTo(50);
		assertThat(attempt.at("/earnedRewardAssets/0/rewardAssetId").asString()).isEqualTo(hex(grant));
		assertThat(attempt.at("/earnedRewardAssets/0/rewardId").asString()).isEqualTo(hex(badge));
		assertThat(attempt.get("startedAt")).isEqualTo(answer.get("startsAt"));
		JsonNode tag = answer.at("/tags/0");
		assertThat(tag.get("id").asString()).isEqualTo("0000000000000000000000a2");
		assertThat(tag.get("value").asString()).isEqualTo("0000000000000000000000a2");
		assertThat(tag.get("organisationId").asString()).isEqualTo(hex(this.tenant.organisationId()));
		JsonNode campaign = answer.at("/campaigns/0");
		assertThat(campaign.get("id").asString()).isEqualTo("0000000000000000000000a3");
		assertThat(campaign.get("startDate")).isEqualTo(answer.get("startsAt"));
		assertThat(campaign.get("status").asString()).isEqualTo("expired");
		JsonNode reward = answer.at("/rewards/0");
		assertThat(reward.get("id").asString()).isEqualTo(hex(badge));
		assertThat(reward.at("/details/title").asString()).isEqualTo("Gold hands");
		assertThat(reward.at("/details/description").asString()).isEqualTo("Top of the month");
		assertThat(reward.at("/details/light/primaryImageUrl").asString())
			.isEqualTo("https://assets.example.com/gold.svg");
		assertThat(reward.at("/details/light/secondaryImageUrl").asString())
			.isEqualTo("https://assets.example.com/gold-locked.svg");
		assertThat(reward.get("type").asString()).isEqualTo("assets");
		String organisationName = this.jdbc.sql("select name from organisation where id = :id")
			.param("id", this.tenant.organisationId())
			.query(String.class)
			.single();
		assertThat(answer.at("/community/id").asString()).isEqualTo(hex(this.tenant.organisationId()));
		assertThat(answer.at("/community/name").asString()).isEqualTo(organisationName);
		assertThat(answer.at("/community/slug").asString()).isEqualTo(organisationName.toLowerCase());
	}

	@Test
	void userStateFollowsTheParticipantsResultsLedgerAndGrants() {
		long badge = badge("State");
		long open = challenge(live("open", badge));
		upload(open, Map.of(1L, 30, 2L, 5));
		long closed = challenge(live("closed", badge));
		upload(closed, Map.of(1L, 30, 2L, 5));
		close(closed, badge, 1);
		String two = this.tokens.issue(this.tenant.organisationId(), Role.PARTICIPANT, 2, 2L, "test");
		String nine = this.tokens.issue(this.tenant.organisationId(), Role.PARTICIPANT, 2, 9L, "test");

		assertThat(state(open, this.tenant.participant()).get("status").asString()).isEqualTo("completed");
		assertThat(state(open, this.tenant.participant()).at("/latestAttempt/earnedPoints").asLong()).isZero();
		assertThat(state(open, two).get("status").asString()).isEqualTo("in-progress");
		assertThat(state(open, two).get("totalCompletions").asLong()).isZero();
		assertThat(state(closed, two).get("status").asString()).isEqualTo("abandoned");
		assertThat(state(closed, two).at("/latestAttempt/earnedRewardAssets")).isEmpty();
		JsonNode notStarted = state(closed, nine);
		assertThat(notStarted.get("status").asString()).isEqualTo("not-started");
		assertThat(notStarted.get("latestAttempt").isNull()).isTrue();
		assertThat(notStarted.get("challengeProgressId").isNull()).isTrue();
		assertThat(state(closed, this.tenant.admin()).get("status").asString()).isEqualTo("not-started");
	}

	static Stream<Arguments> invalidBodies() {
		return Stream.of(bad("additionalCommunityIds", "[\"abc\"]"), bad("additionalCommunityIds", "\"" + A1 + "\""),
				bad("additionalCommunityIds", "null"), bad("status", "\"finished\""), bad("status", "null"),
				bad("status", "1"), bad("isSkippable", "\"yes\""), bad("isLinear", "null"), bad("isLinear", "\"true\""),
				bad("enabledForSingleView", "1"), bad("tags", "[\"not-a-hex-id-at-all-xxxx\"]"),
				bad("tags", "[" + "\"" + A1.substring(1) + "\"]"), bad("campaigns", "[\"" + A1 + "0\"]"),
				bad("campaigns", "[5]"), bad("startsAt", "\"yesterday\""), bad("startsAt", "5"),
				bad("startsAt", "\"0000-01-01\""), bad("startsAt", "\"0001-01-01\""),
				bad("expiresAt", "\"2026-13-01\""), bad("expiresAt", "\"9999-12-31\""),
				bad("expiresAt", "\"+10000-01-01T00:00:00Z\""), bad("featured", "\"yes\""),
				bad("progressPeriod", "\"hourly\""), bad("progressPeriod", "null"),
				bad("maxCompletionsPerPeriod", "-1"), bad("maxCompletionsPerPeriod", "1.5"),
				bad("maxCompletionsPerPeriod", "\"1\""), bad("unlockPrice", "-0.5"), bad("unlockPrice", "\"1\""),
				bad("isGlobalTemplate", "\"false\""), bad("availableAsTemplateForOrganisations", "[1]"),
				bad("videoConfig", "\"on\""), bad("videoConfig", "null"),
				bad("videoConfig.isVideoEnabled", "{\"isVideoEnabled\":\"on\"}"),
				bad("videoConfig.videoUrl", "{\"videoUrl\":3}"), bad("details", "[]"),
				bad("details.title", "{\"title\":\"\"}"), bad("details.title", "{\"title\":5}"),
				bad("details.title", "{\"title\":\"" + "x".repeat(201) + "\"}"),
				bad("details.description", "{\"description\":[]}"), bad("details.light", "{\"light\":\"x\"}"),
				bad("details.dark.primaryImageUrl", "{\"dark\":{\"primaryImageUrl\":1}}"), Arguments.of(null, "[]"));
	}

	@ParameterizedTest
	@MethodSource("invalidBodies")
	void everyValidationRuleOfTheSeedNamesTheField(String field, String body) {
		long challenge = challenge(live("valid", null));

		ApiClient.Response refused = this.api.post(ADMIN + hex(challenge), this.tenant.admin(), body);

		assertThat(refused.status()).as(refused.text()).isEqualTo(400);
		JsonNode named = refused.json().get("field");
		assertThat((named != null) ? named.asString() : null).isEqualTo(field);
		assertThat(this.api.get("/challenges?id=" + challenge, this.tenant.admin())
			.json()
			.at("/challenge/name")
			.asString()).isEqualTo("valid");
	}

	@Test
	void anIdWithoutTheSeedsPatternIsRefusedNamingId() {
		for (String id : List.of("42", "00000000000000000000002g", "0000000000000000000000002a", "zz")) {
			ApiClient.Response refused = this.api.post(ADMIN + id, this.tenant.admin(), Map.of());
			assertThat(refused.status()).as(id).isEqualTo(400);
			assertThat(refused.json().get("field").asString()).isEqualTo("id");
		}
	}

	@Test
	void aNullStartOrExpiryMeansNoneAndReadsBackNull() {
		long challenge = challenge(live("open-ended", null));
		Map<String, Object> body = new HashMap<>();
		body.put("startsAt", null);
		body.put("expiresAt", null);

		ApiClient.Response updated = this.api.post(ADMIN + hex(challenge), this.tenant.admin(), body);

		assertThat(updated.status()).as(updated.text()).isEqualTo(200);
		assertThat(updated.json().get("startsAt").isNull()).as(updated.text()).isTrue();
		assertThat(updated.json().get("expiresAt").isNull()).as(updated.text()).isTrue();
		JsonNode read = this.api.get(INTEGRATION + hex(challenge), this.tenant.admin()).json();
		assertThat(read.get("startsAt").isNull()).as(read.toString()).isTrue();
		assertThat(read.get("expiresAt").isNull()).as(read.toString()).isTrue();
		JsonNode stored = this.api.get("/challenges?id=" + challenge, this.tenant.admin()).json().get("challenge");
		assertThat(stored.get("startdate").asString()).startsWith("0001-01-01");
		assertThat(stored.get("enddate").asString()).startsWith("9999-12-31");

		ApiClient.Response bounded = this.api.post(ADMIN + hex(challenge), this.tenant.admin(),
				Map.of("startsAt", "2026-10-01", "expiresAt", "9999-12-30"));
		assertThat(bounded.status()).as(bounded.text()).isEqualTo(200);
		assertThat(bounded.json().get("expiresAt").asString()).startsWith("9999-12-3");
	}

	@Test
	void nullableFieldsAcceptNullAndUpperCaseHexIsAccepted() {
		long challenge = challenge(live("nulls", null));
		String upper = "0000000000000000000000AB";
		Map<String, Object> body = new HashMap<>();
		body.put("isSkippable", null);
		body.put("enabledForSingleView", null);
		body.put("tags", List.of(upper));

		ApiClient.Response updated = this.api.post(ADMIN + hex(challenge).toUpperCase(), this.tenant.admin(), body);

		assertThat(updated.status()).as(updated.text()).isEqualTo(200);
		assertThat(updated.json().get("isSkippable").isNull()).isTrue();
		assertThat(updated.json().get("enabledForSingleView").isNull()).isTrue();
		assertThat(updated.json().get("tags").get(0).asString()).isEqualTo(upper);
		assertThat(updated.json().get("id").asString()).isEqualTo(hex(challenge));
	}

	@Test
	void fieldsNotSentStayAndUnknownFieldsAreIgnored() {
		long challenge = challenge(live("partial", null));
		this.api.post(ADMIN + hex(challenge), this.tenant.admin(),
				Map.of("featured", true, "videoConfig", Map.of("videoUrl", "https://v.example.com/1"), "details",
						Map.of("light", Map.of("primaryImageUrl", "https://i.example.com/l.png"))));

		JsonNode answer = this.api.post(ADMIN + hex(challenge), this.tenant.admin(),
				Map.of("videoConfig", Map.of("isVideoEnabled", true), "details",
						Map.of("light", Map.of("secondaryImageUrl", "https://i.example.com/l2.png")), "startedCount",
						99, "id", "not ours"))
			.json();

		assertThat(answer.get("featured").asBoolean()).isTrue();
		assertThat(answer.at("/videoConfig/videoUrl").asString()).isEqualTo("https://v.example.com/1");
		assertThat(answer.at("/videoConfig/isVideoEnabled").asBoolean()).isTrue();
		assertThat(answer.at("/details/light/primaryImageUrl").asString()).isEqualTo("https://i.example.com/l.png");
		assertThat(answer.at("/details/light/secondaryImageUrl").asString()).isEqualTo("https://i.example.com/l2.png");
		assertThat(answer.at("/details/title").asString()).isEqualTo("partial");
		assertThat(answer.get("startedCount").asLong()).isZero();
		assertThat(answer.get("progressPeriod").asString()).isEqualTo("open");
		assertThat(answer.get("maxCompletionsPerPeriod").asLong()).isEqualTo(1);
		assertThat(answer.get("isLinear").asBoolean()).isFalse();
	}

	@Test
	void anEmptyBodyChangesNothingEvenOnAClosedChallenge() {
		long challenge = challenge(live("untouched", null));
		String before = this.api.get(INTEGRATION + hex(challenge), this.tenant.admin())
			.json()
			.get("updatedAt")
			.asString();

		ApiClient.Response open = this.api.post(ADMIN + hex(challenge), this.tenant.admin(), Map.of());
		close(challenge, null, 0);
		ApiClient.Response closed = this.api.post(ADMIN + hex(challenge), this.tenant.admin(), null);

		assertThat(open.status()).isEqualTo(200);
		assertThat(open.json().get("updatedAt").asString()).isEqualTo(before);
		assertThat(closed.status()).isEqualTo(200);
		assertThat(closed.json().get("status").asString()).isEqualTo("expired");
	}

	@Test
	void theLifecycleStatusIsDerivedAndASentStatusMustMatchTheDates() {
		long challenge = challenge(live("lifecycle", null));
		String id = hex(challenge);

		assertThat(status(this.api.post(ADMIN + id, this.tenant.admin(), Map.of("status", "draft"))))
			.isEqualTo("draft");
		assertThat(ours(challenge).get("active").asInt()).isZero();
		assertThat(status(this.api.post(ADMIN + id, this.tenant.admin(), Map.of("status", "live")))).isEqualTo("live");
		ApiClient.Response scheduled = this.api.post(ADMIN + id, this.tenant.admin(), Map.of("status", "scheduled"));
		assertThat(scheduled.status()).isEqualTo(400);
		assertThat(scheduled.json().get("field").asString()).isEqualTo("status");
		assertThat(status(this.api.post(ADMIN + id, this.tenant.admin(), Map.of("status", "scheduled", "startsAt",
				TODAY.plusDays(3).toString(), "expiresAt", TODAY.plusDays(20) + "T00:00:00.000Z"))))
			.isEqualTo("scheduled");
		assertThat(ours(challenge).get("startdate").asString()).isEqualTo(TODAY.plusDays(3).toString());
		assertThat(ours(challenge).get("enddate").asString()).isEqualTo(TODAY.plusDays(19).toString());
		assertThat(this.api.post(ADMIN + id, this.tenant.admin(), Map.of("status", "archived")).status())
			.isEqualTo(409);
		ApiClient.Response backwards = this.api.post(ADMIN + id, this.tenant.admin(),
				Map.of("expiresAt", TODAY.toString()));
		assertThat(backwards.status()).isEqualTo(400);
		assertThat(backwards.json().get("field").asString()).isEqualTo("expiresAt");
		assertThat(ours(challenge).get("status").asString()).isEqualTo("scheduled");
	}

	@Test
	void aClosedChallengeMovesOnlyBetweenExpiredAndArchived() {
		long challenge = challenge(live("closed", null));
		close(challenge, null, 0);
		String id = hex(challenge);

		assertThat(status(this.api.post(ADMIN + id, this.tenant.admin(), Map.of("status", "archived"))))
			.isEqualTo("archived");
		assertThat(status(this.api.post(ADMIN + id, this.tenant.admin(), Map.of("status", "expired"))))
			.isEqualTo("expired");
		assertThat(this.api.post(ADMIN + id, this.tenant.admin(), Map.of("status", "live")).status()).isEqualTo(409);
		assertThat(
				this.api.post(ADMIN + id, this.tenant.admin(), Map.of("details", Map.of("title", "renamed"))).status())
			.isEqualTo(409);
		assertThat(this.api.post(ADMIN + id, this.tenant.admin(), Map.of("featured", true)).status()).isEqualTo(409);
	}

	@Test
	void onlyAdminsUpdateAndEveryRoleReads() {
		long challenge = challenge(live("roles", null));
		String id = hex(challenge);

		assertThat(this.api.post(ADMIN + id, this.tenant.admin(), Map.of("featured", true)).status()).isEqualTo(200);
		for (String token : List.of(this.tenant.coordinator(), this.tenant.viewer(), this.tenant.participant())) {
			assertThat(this.api.post(ADMIN + id, token, Map.of("featured", true)).status()).isEqualTo(403);
		}
		for (String token : List.of(this.tenant.admin(), this.tenant.coordinator(), this.tenant.viewer(),
				this.tenant.participant())) {
			assertThat(this.api.get(INTEGRATION + id, token).status()).isEqualTo(200);
		}
		assertThat(this.api.get(INTEGRATION + id, null).status()).isEqualTo(401);
		assertThat(this.api.post(ADMIN + id, null, Map.of()).status()).isEqualTo(401);
	}

	@Test
	void anotherOrganisationsChallengeIsNotFound() {
		TestTenant other = TestTenant.create(this.context);
		long theirs = this.api.post("/challenges", other.admin(), live("theirs", null)).json().get("id").asLong();

		for (String id : List.of(hex(theirs), "ffffffffffffffffffffffff", "000000000000000000000000")) {
			assertThat(this.api.post(ADMIN + id, this.tenant.admin(), Map.of("featured", true)).status()).as(id)
				.isEqualTo(404);
			assertThat(this.api.get(INTEGRATION + id, this.tenant.participant()).status()).as(id).isEqualTo(404);
		}
		assertThat(this.api.get(INTEGRATION + theirs, this.tenant.admin()).status()).isEqualTo(404);
		assertThat(this.api.get(INTEGRATION + hex(theirs), other.participant()).json().get("featured").asBoolean())
			.isFalse();
	}

	private JsonNode state(long challenge, String token) {
		ApiClient.Response read = this.api.get(INTEGRATION + hex(challenge), token);
		assertThat(read.status()).as(read.text()).isEqualTo(200);
		return read.json().get("userState");
	}

	private JsonNode ours(long challenge) {
		return this.api.get("/challenges?id=" + challenge, this.tenant.admin()).json().get("challenge");
	}

	private static String status(ApiClient.Response answer) {
		assertThat(answer.status()).as(answer.text()).isEqualTo(200);
		return answer.json().get("status").asString();
	}

	/**
	 * The update example with its placeholders made valid: distinct 24-hex ids in the id
	 * arrays, dates around today (status live, as an open challenge may be) for the start
	 * and expiry. Every other field keeps the seed's value, "<string>" included.
	 */
	private static JsonNode withRealIds(JsonNode example) {
		ObjectNode body = (ObjectNode) example.deepCopy();
		Map<String, String> ids = Map.of("additionalCommunityIds", A1, "tags", "0000000000000000000000a2", "campaigns",
				"0000000000000000000000a3", "availableAsTemplateForOrganisations", "0000000000000000000000a4");
		ids.forEach((field, id) -> ((ArrayNode) body.putArray(field)).add(id));
		body.put("status", "live");
		body.put("startsAt", TODAY.minusDays(10) + "T00:00:00.000Z");
		body.put("expiresAt", TODAY.plusDays(10) + "T00:00:00.000Z");
		return body;
	}

	/** A valid update body with {@code field} (its top-level object when nested) set. */
	private static Arguments bad(String field, String value) {
		String key = field.contains(".") ? field.substring(0, field.indexOf('.')) : field;
		ObjectNode body = JSON.createObjectNode();
		body.put("featured", true);
		body.set(key, JSON.readTree(value));
		return Arguments.of(field, body.toString());
	}

	private static Map<String, Object> live(String name, Long badge) {
		Map<String, Object> fields = new HashMap<>(challenge(name));
		fields.put("startdate", TODAY.minusDays(10).toString());
		fields.put("enddate", TODAY.plusDays(10).toString());
		if (badge != null) {
			fields.put("rewardbadgeid", badge);
		}
		return fields;
	}

	private long challenge(Map<String, Object> fields) {
		ApiClient.Response created = this.api.post("/challenges", this.tenant.admin(), fields);
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		return created.json().get("id").asLong();
	}

	private long badge(String name) {
		return this.api.post("/badges", this.tenant.admin(), Map.of("name", name)).json().get("id").asLong();
	}

	/** Uploads a snapshot of users (type 2) and their values; threshold 10 wins. */
	private void upload(long challenge, Map<Long, Integer> values) {
		List<Map<String, Object>> rows = values.entrySet()
			.stream()
			.map((e) -> Map.<String, Object>of("participantid", e.getKey(), "metricvalue", e.getValue()))
			.toList();
		ApiClient.Response answer = this.api.send("PUT", "/challenges/results?id=" + challenge, this.tenant.admin(),
				rows, Map.of());
		assertThat(answer.status()).as(answer.text()).isEqualTo(200);
	}

	/**
	 * What the close-worker leaves behind for one winner: the challenge closed, its
	 * ledger row (50 points) and its badge grant. No worker runs beside the edge alone.
	 * @return the grant's id, or 0 without a badge
	 */
	private long close(long challenge, Long badge, long winner) {
		this.jdbc.sql("update challenge set closed = true, closed_at = now() where id = :id")
			.param("id", challenge)
			.update();
		if (badge == null) {
			return 0;
		}
		this.jdbc
			.sql("""
					insert into ledger (organisation_id, challenge_id, participant_type, participant_id, points, reason, notes)
					values (:organisation, :challenge, 2, :winner, 50, 0, 'closed')
					""")
			.param("organisation", this.tenant.organisationId())
			.param("challenge", challenge)
			.param("winner", winner)
			.update();
		return this.jdbc
			.sql("""
					insert into badge_grant (organisation_id, badge_id, participant_type, participant_id, source, challenge_id)
					values (:organisation, :badge, 2, :winner, 'challenge', :challenge)
					returning id
					""")
			.param("organisation", this.tenant.organisationId())
			.param("badge", badge)
			.param("challenge", challenge)
			.param("winner", winner)
			.query(Long.class)
			.single();
	}

	private static Set<String> union(Set<String> a, Set<String> b) {
		return Stream.concat(a.stream(), b.stream()).collect(java.util.stream.Collectors.toSet());
	}

	private static String hex(long id) {
		return String.format("%024x", id);
	}

}
