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
 * parameter, no token and a 100 KB header. Each case asserts never a 5xx and always the
 * JSON error body; a value a field cannot hold is refused with 400 naming the field (a
 * row of {@code POST /activities} is rejected by index beside a good row), so nothing is
 * stored other than as sent. The cases run against one started edge, one organisation.
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
			boolean goodCall = route(operation) != null
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
		String route = route(operation);
		if (route != null) {
			return EdgeRoutes.call(route, this.jdbc, this.tenant.organisationId());
		}
		JsonNode example = example(operation);
		return new EdgeRoutes.Call(operation.method(), operation.path().replaceAll("\\{[^}]+}", "1"),
				(example != null) ? JsonMapper.shared().convertValue(example, Object.class) : null);
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
		ERROR

	}

	/** A bad value and its label. */
	record Bad(String label, Object value) {
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
			boolean hugeHeader) {

		static final Change NONE = new Change(null, null, false, null, null, false, false);

		static final Change HUGE_HEADER = new Change(null, null, false, null, null, false, true);

		static Change remove(String parameter) {
			return new Change(parameter, null, true, null, null, false, false);
		}

		static Change query(String parameter, String value) {
			return new Change(parameter, value, false, null, null, false, false);
		}

		static Change body(String field, Object value, boolean rows) {
			return new Change(null, null, false, field, value, rows, false);
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
				rows.add(good);
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
