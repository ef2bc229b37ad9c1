package dev.podium.edge;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import dev.podium.edge.docs.ApiDocument;
import dev.podium.platform.testing.ApiClient;
import dev.podium.platform.testing.TestTenant;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input generated from the OpenAPI document, so that a route or a field added to the
 * document is covered without a change here: for every operation, every query parameter
 * and every field of its JSON body (one level of nesting, and the rows of an array body),
 * values of the wrong type, NUL and other control characters, lone surrogates, numbers
 * and dates out of the documented range; for every operation a missing required
 * parameter, no token, a query string that does not decode and a 100 KB header. Each case
 * asserts never a 5xx and always the JSON error body; a value a field cannot hold is
 * refused with 400 naming the field (a row of {@code POST /activities} is rejected by
 * index beside a good row), so nothing is stored other than as sent. Then, for every
 * write that creates or updates a record and every text, number and date field of its
 * body, valid values at the edge of the document ({@link #readBackCases}), each refused
 * with 400 naming the field or read back exactly as sent. The cases run against one
 * started edge, a fresh organisation each.
 */
@EdgeTest
class GeneratedBadInputIntegrationTests extends EdgeTestSupport {

	private static final Logger log = LoggerFactory.getLogger(GeneratedBadInputIntegrationTests.class);

	/** Served documents and pages, not the API. */
	private static final Set<String> NOT_API = Set.of("/openapi.yaml", "/openapi.json", "/docs");

	private static final List<String> BAD_TEXTS = List.of("a\u0000b", "a\u0007b", "a\u007Fb", "a\u009Fb");

	/**
	 * Stands for a lone surrogate in a body: the JSON text gets the escape {@code \ud800}
	 * in its place, as a client would send it (a Java string holding the char itself
	 * would be sent as {@code ?} by the HTTP client's UTF-8 encoder).
	 */
	private static final String LONE_SURROGATE = "a<lone-surrogate>b";

	/**
	 * A public https address that is never routed (TEST-NET-3): no loopback setting
	 * needed.
	 */
	private static final String WEBHOOK_URL = "https://203.0.113.10/hooks/podium";

	/**
	 * Operations {@link EdgeRoutes} has no call for, with set-up data made here (see
	 * {@link #setUp}), so that their errors are checked for the field too.
	 */
	private static final Set<String> SET_UP = Set.of("PUT /api/v1/badge-definitions/{id}",
			"POST /api/v2/admin/challenges/{id}", "POST /webhooks", "PUT /webhooks");

	/**
	 * Where each write of the document that creates or updates a record reads it back:
	 * the read's path ({@code {id}}: the {@code id} of the write's answer, else of its
	 * path) and the record in the read's answer. Every field of the write's body is then
	 * found in that record under its own name (or {@link #READ_AS}).
	 */
	static final Map<String, Read> READS = Map.ofEntries(
			Map.entry("POST /challenges", new Read("/challenges?id={id}", "/challenge")),
			Map.entry("PUT /challenges", new Read("/challenges?id={id}", "/challenge")),
			Map.entry("POST /badges", new Read("/badges?id={id}", "/badge")),
			Map.entry("PUT /badges", new Read("/badges?id={id}", "/badge")),
			Map.entry("POST /badges/auto-rules", new Read("/badges/auto-rules?id={id}", "/rule")),
			Map.entry("POST /badges/grant",
					new Read("/challenges/badges?participanttype=2&participantid=99", "/rows/0")),
			Map.entry("POST /badges/revoke",
					new Read("/challenges/badges?participanttype=2&participantid=1", "/rows/0")),
			Map.entry("POST /challenges/teams", new Read("/challenges/teams?id={id}", "/team")),
			Map.entry("PUT /challenges/teams", new Read("/challenges/teams?id={id}", "/team")),
			Map.entry("PUT /challenges/results", new Read("/challenges/results?id={id}", "/rows/0")),
			Map.entry("POST /challenges/points/spend",
					new Read("/challenges/points?participanttype=2&participantid=1", "/rows/0")),
			Map.entry("PUT /organisation", new Read("/organisation", "/organisation")),
			Map.entry("PUT /participants", new Read("/challenges/participant?participanttype=2&participantid=1", "")),
			Map.entry("POST /webhooks", new Read("/webhooks?id={id}", "/webhook")),
			Map.entry("PUT /webhooks", new Read("/webhooks?id={id}", "/webhook")),
			Map.entry("POST /api/v1/badge-definitions", new Read("/api/v1/badge-definitions/{id}", "")),
			Map.entry("PUT /api/v1/badge-definitions/{id}", new Read("/api/v1/badge-definitions/{id}", "")),
			Map.entry("POST /api/v2/admin/challenges/{id}", new Read("/api/v2/integration/challenges/{id}", "")));

	/**
	 * Writes with a body that store nothing a read could give back as sent, each with
	 * why; any other write of the document must be in {@link #READS}.
	 */
	static final Map<String, String> NOT_READ_BACK = Map.of("POST /activities",
			"the workers store activities; the edge alone reads none back (ActivityStorage's tests in the workers)",
			"POST /notifications/read", "marks notifications read; stores no value it was sent",
			"POST /credentials/verify", "checks a credential it is sent; stores nothing");

	/**
	 * Plain string fields whose values come from a vocabulary the schema states only in
	 * words: an edgy text may be refused there (naming the field), not only kept. Every
	 * other plain string field must keep any text it is sent.
	 */
	static final Map<String, String> VOCABULARY = Map.of("PUT /organisation timezone", "an IANA time zone",
			"POST /api/v2/admin/challenges/{id} startsAt", "an ISO-8601 date or time",
			"POST /api/v2/admin/challenges/{id} expiresAt", "an ISO-8601 date or time", "POST /badges/auto-rules kind",
			"kind applies only to the rule types that count kinds; the base call's has none");

	/** A field read back under another name: write's key and field → the read's field. */
	static final Map<String, String> READ_AS = Map.of("POST /badges/revoke reason", "revokereason",
			"POST /challenges hcptypefilter", "groupfilter", "PUT /challenges hcptypefilter", "groupfilter",
			"POST /challenges teamid", "scopeid", "PUT /challenges teamid", "scopeid");

	/**
	 * Fields that say which record is written (or read), not a value stored in it:
	 * another value writes another record.
	 */
	static final Set<String> KEYS = Set.of("id", "grantid", "badgeid", "participanttype", "participantid");

	/** Valid text a field must keep exactly: controls kept, non-BMP, combining, RTL. */
	private static final List<Bad> EDGY_TEXTS = List.of(new Bad("a tab", "tab\there"),
			new Bad("line breaks", "line\nfeed\r\nand\rreturn"), new Bad("emoji", "emoji \uD83D\uDE00\uD83C\uDF89"),
			new Bad("combining marks", "combining e\u0301 n\u0303"),
			new Bad("right-to-left text", "\u05E9\u05DC\u05D5\u05DD \u200F\u0639\u0631\u0628\u064A"));

	@Autowired
	JdbcClient jdbc;

	@TestFactory
	Stream<DynamicTest> everyRouteAndFieldOfTheDocumentRefusesWhatItCannotStoreAsSent() {
		List<Case> cases = cases();
		log.info("Generated {} bad-input cases from the OpenAPI document ({} operations)", cases.size(),
				ApiDocument.operations().stream().filter((o) -> !NOT_API.contains(o.path())).count());
		return cases.stream().map((c) -> DynamicTest.dynamicTest(c.name(), () -> run(c)));
	}

	static List<Case> cases() {
		List<Case> cases = new ArrayList<>();
		cases.addAll(readBackCases());
		for (ApiDocument.Operation operation : ApiDocument.operations()) {
			if (NOT_API.contains(operation.path())) {
				continue;
			}
			String key = operation.key();
			List<JsonNode> parameters = parameters(operation);
			if (operation.takesToken() && !operation.anonymous()) {
				cases.add(new Case(key + ": no token", operation, Change.NONE, null, Expect.UNAUTHORIZED, false));
				if (parameters.stream().anyMatch((p) -> "id".equals(p.path("name").asString()))) {
					cases.add(new Case(key + ": no token, no id", operation, Change.remove("id"), null,
							Expect.UNAUTHORIZED, false));
				}
			}
			cases.add(new Case(key + ": a 100 KB header", operation, Change.HUGE_HEADER, null, Expect.ERROR, true));
			// A parameter name that is not UTF-8 (Change.path encodes the
			// value only).
			cases.add(new Case(key + ": a query string that is not percent-encoded", operation,
					Change.query("%FF", "1"), null, Expect.ERROR, !operation.anonymous()));
			// An operation that may be called without a token reads some parameters only
			// then.
			boolean withToken = !operation.anonymous();
			for (JsonNode parameter : parameters) {
				if (!"query".equals(parameter.path("in").asString())) {
					continue;
				}
				String name = parameter.get("name").asString();
				JsonNode schema = schema(parameter.path("schema"));
				if (parameter.path("required").asBoolean(false)) {
					cases.add(new Case(key + ": no " + name, operation, Change.remove(name), name, Expect.REFUSED,
							withToken));
				}
				for (Bad bad : badValues(schema, false)) {
					cases.add(new Case(key + ": ?" + name + "=" + bad.label(), operation,
							Change.query(name, bad.value().toString()), name, Expect.REFUSED, withToken));
				}
			}
			JsonNode body = ApiDocument.resolve(operation.node().path("requestBody"))
				.path("content")
				.path("application/json")
				.path("schema");
			if (body.isMissingNode()) {
				continue;
			}
			// A field can be named only when the rest of the call is good: a call of
			// EdgeRoutes or the document's example; otherwise any 4xx with the error
			// body.
			boolean goodCall = route(operation) != null || SET_UP.contains(key)
					|| (example(operation) != null && !operation.path().contains("{"));
			body = schema(body);
			boolean rows = body.has("items");
			Expect expect = !goodCall ? Expect.ERROR : (rows && key.equals("POST /activities")) ? Expect.ROW_REFUSED
					: rows ? Expect.ERROR : Expect.REFUSED;
			for (Map.Entry<String, JsonNode> field : fields(rows ? schema(body.get("items")) : body, "").entrySet()) {
				for (Bad bad : badValues(field.getValue(), true)) {
					cases.add(new Case(key + ": " + field.getKey() + " = " + bad.label(), operation,
							Change.body(field.getKey(), bad.value(), rows), field.getKey(), expect, true));
				}
			}
		}
		return cases;
	}

	/**
	 * For every write of {@link #READS} and every text, number and date field of its body
	 * (one level of nesting, the first row of an array body): valid values at the edge of
	 * what the document allows. Each is either refused with 400 naming the field or read
	 * back exactly as sent; a text of the field's documented {@code maxLength} (in code
	 * points, as JSON Schema counts) must be read back.
	 */
	static List<Case> readBackCases() {
		List<Case> cases = new ArrayList<>();
		for (ApiDocument.Operation operation : ApiDocument.operations()) {
			String key = operation.key();
			JsonNode body = schema(ApiDocument.resolve(operation.node().path("requestBody"))
				.path("content")
				.path("application/json")
				.path("schema"));
			if (body.isMissingNode() || NOT_API.contains(operation.path())) {
				continue;
			}
			assertThat(READS.containsKey(key) || NOT_READ_BACK.containsKey(key))
				.as("%s writes a body: name its read in READS (or why it has none in NOT_READ_BACK)", key)
				.isTrue();
			if (!READS.containsKey(key)) {
				continue;
			}
			if (body.has("oneOf")) {
				// An array of rows or {"rows": [...]}: the rows.
				body = schema(body.get("oneOf").get(0));
			}
			boolean rows = body.has("items");
			for (Map.Entry<String, JsonNode> field : fields(rows ? schema(body.get("items")) : body, "").entrySet()) {
				if (KEYS.contains(field.getKey())) {
					continue;
				}
				for (Edgy edgy : edgyValues(field.getKey(), field.getValue())) {
					cases.add(new Case(key + ": " + field.getKey() + " = " + edgy.bad().label() + ", read back",
							operation, Change.row(field.getKey(), edgy.bad().value(), rows), field.getKey(),
							edgy.mustBeKept() && !VOCABULARY.containsKey(key + " " + field.getKey()) ? Expect.KEPT
									: Expect.KEPT_OR_REFUSED,
							true));
				}
			}
		}
		return cases;
	}

	/**
	 * Valid values at the edge of a field's schema: edgy texts, the documented
	 * {@code maxLength}, each documented {@code minimum} and {@code maximum}, a fraction,
	 * the first and last dates, and null where the field is nullable.
	 */
	static List<Edgy> edgyValues(String name, JsonNode schema) {
		Set<String> types = types(schema);
		List<Edgy> edgy = new ArrayList<>();
		if (types.contains("boolean") || schema.has("enum") || types.contains("array") || types.contains("object")) {
			return edgy;
		}
		String format = schema.path("format").asString("");
		if (types.equals(Set.of("string")) && (format.equals("date") || format.equals("date-time"))) {
			String suffix = format.equals("date") ? "" : "T00:00:00Z";
			edgy.add(new Edgy(new Bad("the first date", "0001-01-01" + suffix), false));
			edgy.add(new Edgy(new Bad("the last date", "9999-12-31" + (format.equals("date") ? "" : "T23:59:59Z")),
					false));
		}
		else if (types.equals(Set.of("string")) && !schema.has("pattern")) {
			boolean url = name.toLowerCase(java.util.Locale.ROOT).endsWith("url");
			if (!url) {
				EDGY_TEXTS.forEach((t) -> edgy.add(new Edgy(t, true)));
			}
			if (schema.has("maxLength")) {
				int max = schema.get("maxLength").asInt();
				// As long as allowed in code points, one of them outside the BMP.
				String text = url ? "https://203.0.113.10/" + "x".repeat(max - 21)
						: "x".repeat(max - 1) + "\uD83D\uDE00";
				edgy.add(new Edgy(new Bad("the longest text allowed", text), true));
			}
		}
		if (types.contains("integer") || types.contains("number")) {
			if (schema.has("minimum")) {
				edgy.add(new Edgy(new Bad("the minimum", new java.math.BigDecimal(schema.get("minimum").asString())),
						false));
			}
			if (schema.has("maximum")) {
				edgy.add(new Edgy(new Bad("the maximum", new java.math.BigDecimal(schema.get("maximum").asString())),
						false));
			}
			if (types.contains("number")) {
				edgy.add(new Edgy(new Bad("a fraction", new java.math.BigDecimal("0.1")), false));
			}
		}
		if (!edgy.isEmpty() || !types.isEmpty()) {
			JsonNode type = schema.path("type");
			boolean nullable = type.isArray() && type.valueStream().anyMatch((t) -> "null".equals(t.asString()));
			if (nullable) {
				edgy.add(new Edgy(new Bad("null", null), false));
			}
		}
		return edgy;
	}

	/** The record read back after a write that was not refused. */
	private void assertReadBack(Case c, EdgeRoutes.Call base, String path, ApiClient.Response written) {
		String about = c.name() + ": " + written.status() + " " + written.text();
		assertThat(written.status()).as(about).isBetween(200, 299);
		Read read = READS.get(c.operation().key());
		String id = written.json().path("id").asString(null);
		if (id == null) {
			java.util.regex.Matcher query = java.util.regex.Pattern.compile("[?&]id=([^&]+)").matcher(path);
			id = query.find() ? query.group(1) : path.substring(path.lastIndexOf('/') + 1);
		}
		ApiClient.Response answer = this.api.get(read.path().replace("{id}", id), this.tenant.admin());
		assertThat(answer.status()).as("%s: read %s", about, answer.text()).isEqualTo(200);
		String field = READ_AS.getOrDefault(c.operation().key() + " " + c.field(), c.field());
		JsonNode stored = answer.json().at(read.record() + "/" + field.replace('.', '/'));
		assertThat(stored.isMissingNode())
			.as("%s: the read has no %s (%s): name it in READ_AS", c.name(), field, answer.text())
			.isFalse();
		Object sent = c.change().fieldValue();
		about = c.name() + ": sent " + JsonMapper.shared().writeValueAsString(sent) + ", read " + stored;
		if (sent == null) {
			// null clears the field: read back as null, or as the empty text or 0 where
			// the read gives the field always.
			assertThat(
					stored.isNull() || "".equals(stored.asString(null)) || (stored.isNumber() && stored.asLong() == 0))
				.as(about)
				.isTrue();
		}
		else if (sent instanceof java.math.BigDecimal number) {
			assertThat(stored.isNumber()).as(about).isTrue();
			assertThat(stored.decimalValue()).as(about).isEqualByComparingTo(number);
		}
		else {
			assertThat(stored.isString()).as(about).isTrue();
			assertThat(stored.asString()).as(about).isEqualTo(sent);
		}
	}

	private void run(Case c) {
		// A fresh organisation for each case: fixtures and names never collide.
		this.tenant = TestTenant.create(this.context);
		EdgeRoutes.Call base = base(c.operation());
		String path = c.change().path(base.path());
		Object body = c.change().body(base.body());
		if (body != null) {
			body = JsonMapper.shared().writeValueAsString(body).replace("<lone-surrogate>", "\\ud800");
		}
		Map<String, String> headers = c.change().headers();
		ApiClient.Response answer = this.api.send(c.operation().method(), path,
				c.withToken() ? this.tenant.admin() : null, body, headers);

		assertThat(answer.status()).as("%s: %s", c.name(), answer.text()).isLessThan(500);
		String about = c.name() + ": " + answer.status() + " " + answer.text();
		switch (c.expect()) {
			case UNAUTHORIZED -> {
				assertThat(answer.status()).as(about).isEqualTo(401);
				assertErrorShape(about, answer);
			}
			case REFUSED -> {
				assertThat(answer.status()).as(about).isEqualTo(400);
				assertErrorShape(about, answer);
				assertThat(answer.json().path("field").asString()).as(about).isEqualTo(c.field());
			}
			case ROW_REFUSED -> {
				assertThat(answer.status()).as(about).isEqualTo(202);
				assertThat(answer.json().get("accepted").asInt()).as(about).isEqualTo(1);
				assertThat(answer.json().at("/errors/0/index").asInt()).as(about).isEqualTo(1);
				assertThat(answer.json().at("/errors/0/field").asString()).as(about).isEqualTo(c.field());
			}
			case ERROR -> {
				assertThat(answer.status()).as(about).isBetween(400, 499);
				assertErrorShape(about, answer);
			}
			case KEPT -> assertReadBack(c, base, path, answer);
			case KEPT_OR_REFUSED -> {
				if (answer.status() == 400) {
					// A value valid alone may not fit the record's other fields (a start
					// after the end): the error names it then, as the other's fault.
					assertErrorShape(about, answer);
					assertThat(answer.json().path("field").asString() + " " + answer.json().path("error").asString())
						.as(about)
						.containsPattern("(^|[ .])" + java.util.regex.Pattern.quote(c.field()) + "( |$)");
				}
				else {
					assertReadBack(c, base, path, answer);
				}
			}
		}
	}

	private static void assertErrorShape(String about, ApiClient.Response answer) {
		String type = answer.raw().headers().firstValue("Content-Type").orElse("");
		assertThat(type).as(about).startsWith("application/json");
		JsonNode json = answer.json();
		assertThat(json.path("code").isString()).as(about).isTrue();
		assertThat(json.path("error").isString()).as(about).isTrue();
	}

	/**
	 * The call of {@link EdgeRoutes} for the operation when it has one (over fresh
	 * records), else the path with 1 for each template and no body.
	 */
	private EdgeRoutes.Call base(ApiDocument.Operation operation) {
		if (SET_UP.contains(operation.key())) {
			return setUp(operation.key());
		}
		String route = route(operation);
		if (route != null) {
			return EdgeRoutes.call(route, this.jdbc, this.tenant.organisationId());
		}
		JsonNode example = example(operation);
		return new EdgeRoutes.Call(operation.method(), operation.path().replaceAll("\\{[^}]+}", "1"),
				(example != null) ? JsonMapper.shared().convertValue(example, Object.class) : null);
	}

	/** A good call of an operation of {@link #SET_UP}, over records it creates. */
	private EdgeRoutes.Call setUp(String key) {
		EdgeRoutes.Fixtures fixtures = new EdgeRoutes.Fixtures(this.jdbc, this.tenant.organisationId());
		return switch (key) {
			case "PUT /api/v1/badge-definitions/{id}" -> new EdgeRoutes.Call("PUT",
					"/api/v1/badge-definitions/" + created("/api/v1/badge-definitions",
							Map.of("name", "fixture", "criteria", Map.of("type", "session_count", "threshold", 10))),
					Map.of("name", "renamed", "criteria", Map.of("type", "session_count", "threshold", 10)));
			case "POST /api/v2/admin/challenges/{id}" ->
				new EdgeRoutes.Call("POST", "/api/v2/admin/challenges/" + String.format("%024x", fixtures.challenge()),
						Map.of("details", Map.of("title", "renamed")));
			case "POST /webhooks" -> new EdgeRoutes.Call("POST", "/webhooks", Map.of("url", WEBHOOK_URL));
			case "PUT /webhooks" ->
				new EdgeRoutes.Call("PUT", "/webhooks?id=" + created("/webhooks", Map.of("url", WEBHOOK_URL)),
						Map.of("description", "renamed"));
			default -> throw new IllegalArgumentException(key);
		};
	}

	/** The id of a record created by a call that must succeed. */
	private String created(String path, Object body) {
		ApiClient.Response answer = this.api.post(path, this.tenant.admin(), body);
		assertThat(answer.status()).as("set-up %s: %s", path, answer.text()).isEqualTo(201);
		return answer.json().get("id").asString();
	}

	/** The route of {@link EdgeRoutes} that calls the operation, or null. */
	private static String route(ApiDocument.Operation operation) {
		boolean byId = parameters(operation).stream()
			.anyMatch((p) -> "id".equals(p.path("name").asString()) && p.path("required").asBoolean(false));
		String found = null;
		for (String route : EdgeRoutes.ROUTES.keySet()) {
			String plain = route.replace("?id", "").replaceAll(" \\(.*\\)$", "");
			if (plain.equals(operation.key()) && (found == null || (byId && route.contains("?id")))) {
				found = route;
			}
		}
		return found;
	}

	/** The first example of the operation's JSON body in the document, or null. */
	private static JsonNode example(ApiDocument.Operation operation) {
		JsonNode json = ApiDocument.resolve(operation.node().path("requestBody"))
			.path("content")
			.path("application/json");
		if (json.has("example")) {
			return json.get("example");
		}
		for (JsonNode example : json.path("examples")) {
			JsonNode value = ApiDocument.resolve(example).get("value");
			if (value != null) {
				return value;
			}
		}
		return null;
	}

	private static List<JsonNode> parameters(ApiDocument.Operation operation) {
		List<JsonNode> parameters = new ArrayList<>();
		operation.node().path("parameters").forEach((p) -> parameters.add(ApiDocument.resolve(p)));
		return parameters;
	}

	/** A schema with its references resolved and an {@code allOf} merged. */
	private static JsonNode schema(JsonNode node) {
		JsonNode schema = ApiDocument.resolve(node);
		if (schema.has("allOf")) {
			tools.jackson.databind.node.ObjectNode merged = tools.jackson.databind.json.JsonMapper.shared()
				.createObjectNode();
			tools.jackson.databind.node.ObjectNode properties = merged.putObject("properties");
			for (JsonNode part : schema.get("allOf")) {
				JsonNode resolved = schema(part);
				resolved.properties().forEach((e) -> {
					if (!e.getKey().equals("properties")) {
						merged.set(e.getKey(), e.getValue());
					}
				});
				resolved.path("properties").properties().forEach((e) -> properties.set(e.getKey(), e.getValue()));
			}
			return merged;
		}
		return schema;
	}

	/** The fields of an object schema by dotted name, one level into nested objects. */
	private static Map<String, JsonNode> fields(JsonNode object, String prefix) {
		Map<String, JsonNode> fields = new LinkedHashMap<>();
		object.path("properties").properties().forEach((e) -> {
			JsonNode schema = schema(e.getValue());
			if (types(schema).equals(Set.of("object")) && schema.has("properties") && prefix.isEmpty()) {
				fields.putAll(fields(schema, e.getKey() + "."));
			}
			else {
				fields.put(prefix + e.getKey(), schema);
			}
		});
		return fields;
	}

	private static Set<String> types(JsonNode schema) {
		JsonNode type = schema.path("type");
		Set<String> types = new java.util.TreeSet<>();
		if (type.isString()) {
			types.add(type.asString());
		}
		type.forEach((t) -> types.add(t.asString()));
		if (types.isEmpty() && schema.has("enum")) {
			schema.get("enum").forEach((v) -> types.add(v.isString() ? "string" : v.isNumber() ? "number" : "other"));
		}
		types.remove("null");
		return types;
	}

	/** What a field of this schema cannot hold, each with a label for the case's name. */
	static List<Bad> badValues(JsonNode schema, boolean inBody) {
		Set<String> types = types(schema);
		List<Bad> bad = new ArrayList<>();
		if (types.contains("string") || (!inBody && !types.isEmpty())) {
			for (String text : BAD_TEXTS) {
				bad.add(new Bad(String.format("a U+%04X character", (int) text.charAt(1)), text));
			}
			if (inBody) {
				bad.add(new Bad("a lone surrogate", LONE_SURROGATE));
			}
		}
		if (inBody && types.equals(Set.of("string"))) {
			bad.add(new Bad("a number", 123));
		}
		// A field that takes text as well has no range unless the document gives one (an
		// activity's id may be any text, a number among them).
		boolean ranged = !types.contains("string") || schema.has("maximum") || schema.has("minimum");
		if (types.contains("integer") && ranged) {
			if (schema.has("maximum")) {
				bad.add(new Bad("maximum + 1",
						new java.math.BigInteger(schema.get("maximum").asString()).add(java.math.BigInteger.ONE)));
			}
			else {
				bad.add(new Bad("2^63", new java.math.BigInteger("9223372036854775808")));
			}
			if (schema.has("minimum")) {
				bad.add(new Bad("minimum - 1",
						new java.math.BigInteger(schema.get("minimum").asString()).subtract(java.math.BigInteger.ONE)));
			}
			if (!types.contains("string")) {
				bad.add(new Bad("text", "abc"));
			}
		}
		String format = schema.path("format").asString("");
		if (format.equals("date")) {
			bad.add(new Bad("year 0", "0000-01-01"));
			bad.add(new Bad("year 10000", "+10000-01-01"));
		}
		if (format.equals("date-time")) {
			bad.add(new Bad("year 0", "0000-06-01T00:00:00Z"));
			bad.add(new Bad("year 10000", "+10000-01-01T00:00:00Z"));
		}
		return bad;
	}

	enum Expect {

		/** 401 with the error body. */
		UNAUTHORIZED,
		/** 400 with the error body naming the field. */
		REFUSED,
		/**
		 * 202: the good row accepted, the bad one rejected by index, naming the field.
		 */
		ROW_REFUSED,
		/** A 4xx with the error body. */
		ERROR,
		/**
		 * 400 naming the field, or a 2xx and the record read back holds the value sent.
		 */
		KEPT_OR_REFUSED,
		/** A 2xx and the record read back holds the value sent. */
		KEPT

	}

	/** A bad value and its label. */
	record Bad(String label, Object value) {
	}

	/** A valid value at the edge of a field's schema; whether it must be kept. */
	record Edgy(Bad bad, boolean mustBeKept) {
	}

	/** Where a write's record is read back: the read's path and the record's pointer. */
	record Read(String path, String record) {
	}

	/**
	 * One generated case.
	 *
	 * @param name the test's name
	 * @param operation the operation called
	 * @param change how the route's good call is spoilt
	 * @param field the field the error must name, or null
	 * @param expect the answer expected
	 * @param withToken whether the call carries an admin's token
	 */
	record Case(String name, ApiDocument.Operation operation, Change change, String field, Expect expect,
			boolean withToken) {
	}

	/** How a good call is spoilt: a query parameter set or removed, a field, a header. */
	record Change(String parameter, String value, boolean remove, String field, Object fieldValue, boolean rows,
			boolean hugeHeader, boolean inPlace) {

		static final Change NONE = new Change(null, null, false, null, null, false, false, false);

		static final Change HUGE_HEADER = new Change(null, null, false, null, null, false, true, false);

		static Change remove(String parameter) {
			return new Change(parameter, null, true, null, null, false, false, false);
		}

		static Change query(String parameter, String value) {
			return new Change(parameter, value, false, null, null, false, false, false);
		}

		/** A field set; in an array body, a spoilt row after the good one. */
		static Change body(String field, Object value, boolean rows) {
			return new Change(null, null, false, field, value, rows, false, false);
		}

		/** A field set; in an array body, in the good row itself. */
		static Change row(String field, Object value, boolean rows) {
			return new Change(null, null, false, field, value, rows, false, true);
		}

		String path(String path) {
			if (this.parameter == null) {
				return path;
			}
			String stripped = path.replaceAll("([?&])" + this.parameter + "=[^&]*&?", "$1").replaceAll("[?&]$", "");
			if (this.remove) {
				return stripped;
			}
			return stripped + (stripped.contains("?") ? "&" : "?") + this.parameter + "="
					+ URLEncoder.encode(this.value, StandardCharsets.UTF_8);
		}

		@SuppressWarnings("unchecked")
		Object body(Object body) {
			if (this.field == null) {
				return body;
			}
			if (this.rows) {
				List<Object> rows = new ArrayList<>();
				Object good = (body instanceof List<?> list && !list.isEmpty()) ? list.get(0) : Map.of();
				if (!this.inPlace) {
					rows.add(good);
				}
				rows.add(spoil((good instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of()));
				return rows;
			}
			return spoil((body instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of());
		}

		@SuppressWarnings("unchecked")
		private Map<String, Object> spoil(Map<String, Object> good) {
			Map<String, Object> spoilt = new LinkedHashMap<>(good);
			int dot = this.field.indexOf('.');
			if (dot < 0) {
				spoilt.put(this.field, this.fieldValue);
			}
			else {
				String parent = this.field.substring(0, dot);
				Map<String, Object> nested = new LinkedHashMap<>(
						(spoilt.get(parent) instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of());
				nested.put(this.field.substring(dot + 1), this.fieldValue);
				spoilt.put(parent, nested);
			}
			return spoilt;
		}

		Map<String, String> headers() {
			return this.hugeHeader ? Map.of("X-Padding", "x".repeat(100_000)) : Map.of();
		}

	}

}
