package dev.podium.edge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.podium.platform.testing.ApiClient;
import dev.podium.platform.testing.TestTenant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input over every route of surfaces A and D ({@link EdgeRoutes}), each case called
 * by an admin of the organisation: malformed, wrongly shaped, deeply nested and oversized
 * bodies; fields that must never be written by a client (another organisation, the closed
 * flag, a balance, a role); ids, pages, dates and numbers that are not what they claim;
 * webhook URLs aimed inside the network. Every case gets the right status with the error
 * body (and, where the code knows it, the field), and the database is unchanged
 * afterwards: a fingerprint of every row of the organisation's tables (and of another
 * organisation's) is taken before and after each call.
 */
@EdgeTest
class BadInputIntegrationTests extends EdgeTestSupport {

	/** Fields a client must never be able to set, with values that would do harm. */
	private static final Map<String, Object> FORBIDDEN = forbidden();

	@Autowired
	JdbcClient jdbc;

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("bodyRoutes")
	void malformedBodiesAreRefusedAndChangeNothing(String route, String kind, String body) {
		EdgeRoutes.Call call = call(route);
		Fingerprint before = fingerprint();

		ApiClient.Response answer = this.api.send(call.method(), call.path(), this.tenant.admin(), body, Map.of());

		if (route.equals("POST /activities") && answer.status() == 202) {
			// A bare value parses as NDJSON of one row that is not an activity: the row
			// is
			// rejected by index, as a bad row among good ones would be.
			assertThat(answer.json().get("accepted").asInt()).isZero();
			assertThat(answer.json().at("/errors/0/field").asString()).isEqualTo("activity");
		}
		else {
			assertThat(answer.status()).as(answer.text()).isEqualTo(400);
			assertThat(answer.json().get("error").asString()).isNotBlank();
		}
		assertThat(fingerprint()).isEqualTo(before);
	}

	static Stream<Arguments> bodyRoutes() {
		String deep = "[".repeat(5000) + "]".repeat(5000);
		List<Arguments> cases = new ArrayList<>();
		for (String name : routesWithBodies().toList()) {
			cases.add(Arguments.of(name, "truncated", "{\"name\": \"x\","));
			cases.add(Arguments.of(name, "not JSON", "name=x&closed=true"));
			cases.add(Arguments.of(name, "nested 5,000 deep", deep));
			cases.add(Arguments.of(name, "a bare number", "12"));
		}
		return cases.stream();
	}

	static Stream<String> routesWithBodies() {
		return EdgeRoutes.ROUTES.keySet().stream().filter((route) -> EdgeRoutes.body(route) != null);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("routesWithBodies")
	void oversizedBodiesAreRefusedWith413AndChangeNothing(String route) {
		EdgeRoutes.Call call = call(route);
		String body = "{\"name\": \"" + "x".repeat(70_000) + "\"}";
		Fingerprint before = fingerprint();

		ApiClient.Response answer = this.api.send(call.method(), call.path(), this.tenant.admin(), body, Map.of());

		assertThat(answer.status()).as(answer.text()).isEqualTo(413);
		assertThat(answer.json().get("error").asString()).isNotBlank();
		assertThat(fingerprint()).isEqualTo(before);
	}

	static Stream<String> routesWithObjectBodies() {
		return EdgeRoutes.ROUTES.keySet().stream().filter((route) -> EdgeRoutes.body(route) instanceof Map);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("routesWithObjectBodies")
	void fieldsAClientMayNotSetAreIgnoredOrRefused(String route) {
		TestTenant other = TestTenant.create(this.context);
		EdgeRoutes.Call call = call(route);
		Map<String, Object> body = new LinkedHashMap<>(FORBIDDEN);
		body.put("organisationid", other.organisationId());
		body.put("organisation_id", other.organisationId());
		body.put("organisation", other.organisationId());
		@SuppressWarnings("unchecked")
		Map<String, Object> valid = (Map<String, Object>) call.body();
		body.putAll(valid);
		String othersBefore = fingerprint(other.organisationId()).rows();
		String tokensBefore = tokens();
		long balanceBefore = balance();

		ApiClient.Response answer = this.api.send(call.method(), call.path(), this.tenant.admin(), body, Map.of());

		int expected = EdgeRoutes.ROUTES.get(route).status();
		assertThat(answer.status()).as(answer.text()).isIn(expected, 400);
		if (answer.status() == 400) {
			assertThat(answer.json().get("field").asString()).isIn(body.keySet());
		}
		assertThat(fingerprint(other.organisationId()).rows()).as("another organisation's rows")
			.isEqualTo(othersBefore);
		assertThat(tokens()).as("the organisation's tokens and their roles").isEqualTo(tokensBefore);
		assertThat(closedChallenges()).as("closed challenges").isZero();
		long expectedBalance = route.equals("POST /challenges/points/spend") && answer.status() != 400
				? balanceBefore + ((Number) valid.get("points")).longValue() : balanceBefore;
		assertThat(balance()).as("the organisation's points").isEqualTo(expectedBalance);
		assertThat(answer.text()).doesNotContain("\"role\":\"admin\"").doesNotContain("999999999");
	}

	static Stream<Arguments> badIds() {
		return everyIdRouteWith("abc", "1.5", "99999999999999999999", "", "1;drop table challenge");
	}

	/** Each route that takes {@code ?id=} with each of these ids. */
	private static Stream<Arguments> everyIdRouteWith(String... ids) {
		return EdgeRoutes.ROUTES.keySet()
			.stream()
			.filter((route) -> route.contains("?id"))
			.flatMap((route) -> Stream.of(ids).map((id) -> Arguments.of(route, id)));
	}

	@ParameterizedTest(name = "{0} with id={1}")
	@MethodSource("badIds")
	void anIdThatIsNotAnIdIsRefusedNamingIt(String route, String id) {
		EdgeRoutes.Call call = call(route);
		String path = call.path().replaceFirst("([?&])id=[^&]*", "$1id=" + encode(id));
		Fingerprint before = fingerprint();

		ApiClient.Response answer = this.api.send(call.method(), path, this.tenant.admin(), call.body(), Map.of());

		assertThat(answer.status()).as(answer.text()).isEqualTo(400);
		assertThat(answer.json().get("field").asString()).isEqualTo("id");
		assertThat(fingerprint()).isEqualTo(before);
	}

	static Stream<Arguments> badIdValues() {
		return everyIdRouteWith("-1", "0", "9223372036854775807");
	}

	@ParameterizedTest(name = "{0} with id={1}")
	@MethodSource("badIdValues")
	void anIdOfNothingIsNotFoundOrRefused(String route, String id) {
		EdgeRoutes.Call call = call(route);
		String path = call.path().replaceFirst("([?&])id=[^&]*", "$1id=" + id);
		Fingerprint before = fingerprint();

		ApiClient.Response answer = this.api.send(call.method(), path, this.tenant.admin(), call.body(), Map.of());

		assertThat(answer.status()).as(answer.text()).isIn(400, 404);
		assertThat(fingerprint()).isEqualTo(before);
	}

	static Stream<Arguments> badPaging() {
		List<Arguments> cases = new ArrayList<>();
		for (String list : List.of("/badges", "/badges/auto-rules", "/challenges/badges", "/challenges/teams",
				"/challenges", "/challenges/points", "/jobs")) {
			cases.add(Arguments.of(list, "page=0", "page"));
			cases.add(Arguments.of(list, "page=abc", "page"));
			cases.add(Arguments.of(list, "page=-3", "page"));
			cases.add(Arguments.of(list, "perPage=0", "perPage"));
			cases.add(Arguments.of(list, "perPage=1001", "perPage"));
			cases.add(Arguments.of(list, "perPage=1e3", "perPage"));
		}
		return cases.stream();
	}

	@ParameterizedTest(name = "{0}?{1}")
	@MethodSource("badPaging")
	void pagesOutOfRangeAreRefusedNamingTheParameter(String list, String query, String field) {
		ApiClient.Response answer = this.api.get(list + "?" + query, this.tenant.admin());

		assertThat(answer.status()).as(answer.text()).isEqualTo(400);
		assertThat(answer.json().get("field").asString()).isEqualTo(field);
	}

	static Stream<Arguments> badDatesAndNumbers() {
		return Stream.of(Arguments.of("POST", "/challenges", Map.of("startdate", "2026-02-30"), "startdate"),
				Arguments.of("POST", "/challenges", Map.of("startdate", "2026-13-01"), "startdate"),
				Arguments.of("POST", "/challenges", Map.of("enddate", "tomorrow"), "enddate"),
				Arguments.of("POST", "/challenges", Map.of("rewardpoints", "1e400"), "rewardpoints"),
				Arguments.of("POST", "/challenges", Map.of("rewardpoints", 1.5), "rewardpoints"),
				Arguments.of("POST", "/challenges", Map.of("threshold", "NaN"), "threshold"),
				Arguments.of("POST", "/challenges", Map.of("maxwinners", 0), "maxwinners"),
				Arguments.of("POST", "/challenges", Map.of("maxwinners", 2147483648L), "maxwinners"),
				Arguments.of("POST", "/challenges", Map.of("maxwinners", 1.5), "maxwinners"),
				Arguments.of("POST", "/challenges", Map.of("payoutbands", "[{"), "payoutbands"),
				Arguments.of("POST", "/challenges", Map.of("payoutbands", Map.of("fromrank", 1)), "payoutbands"),
				Arguments.of("POST", "/challenges",
						Map.of("payoutbands", List.of(Map.of("fromrank", 0, "torank", 1, "points", 5))), "payoutbands"),
				Arguments.of("POST", "/challenges",
						Map.of("payoutbands", List.of(Map.of("fromrank", 3, "torank", 2, "points", 5))), "payoutbands"),
				Arguments.of("POST", "/challenges",
						Map.of("payoutbands", List.of(Map.of("fromrank", 1, "torank", 2, "points", 0))), "payoutbands"),
				Arguments.of("POST", "/challenges",
						Map.of("payoutbands", List.of(Map.of("fromrank", 1, "torank", 2, "points", 5, "bonus", 1))),
						"payoutbands"),
				Arguments.of("POST", "/challenges",
						Map.of("payoutbands",
								List.of(Map.of("fromrank", 1, "torank", 3, "points", 5),
										Map.of("fromrank", 3, "torank", 4, "points", 1))),
						"payoutbands"),
				Arguments.of("POST", "/challenges",
						Map.of("payoutbands",
								java.util.Collections.nCopies(51, Map.of("fromrank", 1, "torank", 1, "points", 1))),
						"payoutbands"),
				Arguments.of("POST", "/challenges/points/spend",
						Map.of("participanttype", 2, "participantid", 1, "points", "abc", "reason", 3, "direction",
								"credit"),
						"points"),
				Arguments.of("POST", "/challenges/points/spend",
						Map.of("participanttype", 2, "participantid", 1, "points", 9223372036854775808.0, "reason", 3,
								"direction", "credit"),
						"points"),
				Arguments.of("POST", "/challenges/points/spend",
						Map.of("participanttype", 2, "participantid", 1, "points", -5, "reason", 3, "direction",
								"credit"),
						"points"),
				Arguments.of("POST", "/challenges/points/spend",
						Map.of("participanttype", 9, "participantid", 1, "points", 5, "reason", 3, "direction",
								"credit"),
						"participanttype"),
				Arguments.of("PUT", "/organisation", Map.of("timezone", "Mars/Olympus"), "timezone"),
				Arguments.of("PUT", "/organisation", Map.of("pointsexpirydays", -1), "pointsexpirydays"));
	}

	@ParameterizedTest(name = "{0} {1} {2}")
	@MethodSource("badDatesAndNumbers")
	void datesAndNumbersThatAreNotAreRefusedNamingTheField(String method, String path, Map<String, Object> fields,
			String field) {
		Map<String, Object> body = new LinkedHashMap<>();
		if (path.equals("/challenges")) {
			body.putAll(challenge("bad input"));
		}
		body.putAll(fields);
		Fingerprint before = fingerprint();

		ApiClient.Response answer = this.api.send(method, path, this.tenant.admin(), body, Map.of());

		assertThat(answer.status()).as(answer.text()).isEqualTo(400);
		assertThat(answer.json().get("field").asString()).isEqualTo(field);
		assertThat(fingerprint()).isEqualTo(before);
	}

	@Test
	void ledgerDatesThatAreNotAreRefusedNamingTheParameter() {
		for (String query : List.of("from=yesterday", "from=2026-02-30", "to=2026-10-01T25:00:00Z")) {
			ApiClient.Response answer = this.api.get("/challenges/points?" + query, this.tenant.admin());

			assertThat(answer.status()).as(query + ": " + answer.text()).isEqualTo(400);
			assertThat(answer.json().get("field").asString()).isEqualTo(query.substring(0, query.indexOf('=')));
		}
	}

	@Test
	void webhooksAimedInsideTheNetworkAreRefusedNamingTheUrl() {
		for (String url : List.of("http://169.254.169.254/latest/meta-data", "http://127.0.0.1:8080/",
				"http://2130706433/", "http://0x7f000001/", "http://[::ffff:127.0.0.1]/", "http://10.0.0.8/",
				"http://192.168.1.1/", "http://[fd00::1]/", "file:///etc/passwd", "http://localhost/")) {
			Fingerprint before = fingerprint();

			ApiClient.Response answer = this.api.post("/webhooks", this.tenant.admin(), Map.of("url", url));

			assertThat(answer.status()).as(url + ": " + answer.text()).isEqualTo(400);
			assertThat(answer.json().get("field").asString()).isEqualTo("url");
			assertThat(fingerprint()).as(url).isEqualTo(before);
		}
	}

	@Test
	void namesThatAreFormulasLeaveTheCsvInert() {
		long challenge = createChallenge(this.tenant.admin(), "csv");
		List<String> names = List.of("=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx");
		List<Map<String, Object>> people = new ArrayList<>();
		List<Map<String, Object>> rows = new ArrayList<>();
		for (int i = 0; i < names.size(); i++) {
			people.add(Map.of("participanttype", 2, "participantid", i + 1, "name", names.get(i)));
			rows.add(Map.of("participanttype", 2, "participantid", i + 1, "metricvalue", 10 + i));
		}
		assertThat(this.api.send("PUT", "/participants", this.tenant.admin(), people, Map.of()).status())
			.isEqualTo(200);
		assertThat(this.api.send("PUT", "/challenges/results?id=" + challenge, this.tenant.admin(), rows, Map.of())
			.status()).isEqualTo(200);

		String csv = this.api.get("/challenges/results.csv?id=" + challenge, this.tenant.admin()).text();

		for (String name : names) {
			assertThat(csv).as(name).doesNotContain("," + name).doesNotContain("\"" + name);
		}
		assertThat(csv).contains("'=HYPERLINK(").contains("'+1+1").contains("'@SUM(A1)");
	}

	private EdgeRoutes.Call call(String route) {
		return EdgeRoutes.call(route, this.jdbc, this.tenant.organisationId());
	}

	private Fingerprint fingerprint() {
		return fingerprint(this.tenant.organisationId());
	}

	/**
	 * Every row of every table with an {@code organisation_id}, of one organisation:
	 * equal fingerprints mean nothing was written, changed or deleted.
	 */
	private Fingerprint fingerprint(long organisation) {
		List<String> tables = this.jdbc.sql("""
				select table_name from information_schema.columns
				where table_schema = current_schema() and column_name = 'organisation_id'
				order by table_name
				""").query(String.class).list();
		StringBuilder all = new StringBuilder();
		for (String table : tables) {
			String digest = this.jdbc.sql("""
					select count(*) || ':' || coalesce(md5(string_agg(md5(t::text), '' order by md5(t::text))), '')
					from %s t where t.organisation_id = :o
					""".formatted(table)).param("o", organisation).query(String.class).single();
			all.append(table).append('=').append(digest).append('\n');
		}
		return new Fingerprint(all.toString());
	}

	private String tokens() {
		return this.jdbc.sql("""
				select coalesce(string_agg(role || '/' || organisation_id, ',' order by role), '')
				from api_token where organisation_id = :o
				""").param("o", this.tenant.organisationId()).query(String.class).single();
	}

	private long closedChallenges() {
		return this.jdbc.sql("select count(*) from challenge where organisation_id = :o and closed")
			.param("o", this.tenant.organisationId())
			.query(Long.class)
			.single();
	}

	private long balance() {
		return this.jdbc.sql("select coalesce(sum(points), 0) from ledger where organisation_id = :o")
			.param("o", this.tenant.organisationId())
			.query(Long.class)
			.single();
	}

	private static String encode(String value) {
		return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
	}

	private static Map<String, Object> forbidden() {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("closed", true);
		fields.put("isclosed", 1);
		fields.put("balance", 999999999);
		fields.put("role", "admin");
		fields.put("createdat", "2001-01-01T00:00:00Z");
		fields.put("computedat", "2001-01-01T00:00:00Z");
		return fields;
	}

	/** The rows of one organisation, digested table by table. */
	record Fingerprint(String rows) {

	}

}
