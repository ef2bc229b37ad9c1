package dev.podium.edge.docs;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.podium.edge.EdgeTest;
import dev.podium.edge.EdgeTestSupport;
import dev.podium.edge.auth.Allow;
import dev.podium.edge.auth.Anonymous;
import dev.podium.edge.docs.ApiDocument.Operation;
import dev.podium.platform.job.Jobs;
import dev.podium.platform.security.Role;
import dev.podium.platform.testing.ApiClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.condition.NameValueExpression;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document against the running edge: it lists exactly the routes the edge
 * serves with the roles their handlers allow, it and its page answer without a token, and
 * real answers of the edge are valid against the document's response schemas, so the
 * document cannot drift from the code silently.
 */
@EdgeTest
class OpenApiRoutesIntegrationTests extends EdgeTestSupport {

	private static final String WEBHOOK_URL = "https://203.0.113.10/hooks/podium";

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Autowired
	Jobs jobs;

	@Autowired
	TransactionTemplate tx;

	@Test
	void theDocumentListsExactlyTheRoutesTheEdgeServes() {
		Set<String> served = new TreeSet<>(routes().keySet());
		Set<String> documented = ApiDocument.operations()
			.stream()
			.map(Operation::key)
			.collect(Collectors.toCollection(TreeSet::new));
		List<String> differences = new ArrayList<>();
		served.stream()
			.filter((route) -> !documented.contains(route))
			.forEach((route) -> differences.add("served but not in the document: " + route));
		documented.stream()
			.filter((route) -> !served.contains(route))
			.forEach((route) -> differences.add("in the document but not served: " + route));

		assertThat(differences).as("%d routes served, %d documented", served.size(), documented.size()).isEmpty();
	}

	@Test
	void everyOperationNamesTheRolesItsHandlersAllow() {
		Map<String, Operation> operations = ApiDocument.operations()
			.stream()
			.collect(Collectors.toMap(Operation::key, (operation) -> operation));
		List<String> differences = new ArrayList<>();
		routes().forEach((route, handlers) -> {
			Operation operation = operations.get(route);
			if (operation == null) {
				return; // reported by the route comparison
			}
			for (Handler handler : handlers) {
				Method method = handler.method().getMethod();
				if (method.isAnnotationPresent(Anonymous.class)) {
					if (!operation.node().path("x-anonymous").asBoolean(false)) {
						differences.add(route + " answers without a token but the document says it needs one");
					}
					continue;
				}
				Set<String> allowed = allowed(handler.method());
				JsonNode variants = operation.node().get("x-roles-by-variant");
				Set<String> documented = new TreeSet<>();
				if (variants != null && handler.params() != null) {
					variants.path(handler.params()).forEach((role) -> documented.add(role.asString()));
				}
				else {
					documented.addAll(operation.roles());
				}
				if (!documented.equals(allowed)) {
					differences.add(route + ((handler.params() != null) ? " [" + handler.params() + "]" : "")
							+ ": the handler allows " + allowed + ", the document says " + documented);
				}
			}
		});

		assertThat(differences).isEmpty();
	}

	@Test
	void theDocumentAndItsPageAnswerWithoutAToken() {
		ApiClient.Response yaml = this.api.get("/openapi.yaml", null);
		assertThat(yaml.status()).isEqualTo(200);
		assertThat(yaml.header("Content-Type")).startsWith("application/yaml");
		assertThat(yaml.text()).isEqualTo(ApiDocument.text());

		ApiClient.Response json = this.api.get("/openapi.json", null);
		assertThat(json.status()).isEqualTo(200);
		assertThat(json.header("Content-Type")).startsWith("application/json");
		assertThat(json.json()).isEqualTo(new YAMLMapper().readTree(ApiDocument.text()));

		ApiClient.Response page = this.api.get("/docs", null);
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.header("Content-Type")).startsWith("text/html");
		assertThat(page.text()).contains("webjars/swagger-ui/swagger-ui-bundle.js", "url: 'openapi.yaml'");
		for (String asset : List.of("swagger-ui-bundle.js", "swagger-ui.css")) {
			assertThat(this.api.get("/webjars/swagger-ui/" + asset, null).status()).as(asset).isEqualTo(200);
		}
		// A token does not change the answers.
		assertThat(this.api.get("/openapi.yaml", this.tenant.participant()).text()).isEqualTo(ApiDocument.text());
	}

	@Test
	void challengeAnswersMatchTheDocument() {
		String admin = this.tenant.admin();
		long id = check("POST", "/challenges", this.api.post("/challenges", admin, challenge("Sample")), 201).json()
			.get("id")
			.asLong();
		check("GET", "/challenges", this.api.get("/challenges?perPage=5", this.tenant.viewer()), 200);
		check("GET", "/challenges", this.api.get("/challenges?id=" + id, this.tenant.participant()), 200);
		check("PUT", "/challenges", send("PUT", "/challenges?id=" + id, admin, Map.of("rulejson", "ward=a")), 200);
		check("POST", "/challenges/clone", this.api.post("/challenges/clone?id=" + id, admin, null), 201);

		check("PUT", "/challenges/results",
				send("PUT", "/challenges/results?id=" + id, admin, List
					.of(Map.of("participantid", 1, "metricvalue", 12), Map.of("participantid", 2, "metricvalue", 3))),
				200);
		check("GET", "/challenges/results", this.api.get("/challenges/results?id=" + id, admin), 200);
		ApiClient.Response csv = this.api.get("/challenges/results.csv?id=" + id, admin);
		assertThat(csv.status()).isEqualTo(200);
		assertThat(csv.header("Content-Type")).startsWith("text/csv");

		check("GET", "/challenges", this.api.get("/challenges?perPage=0", admin), 400);
		check("GET", "/challenges", this.api.get("/challenges", null), 401);
		check("GET", "/challenges", this.api.get("/challenges", this.tenant.participant()), 403);
		check("GET", "/challenges", this.api.get("/challenges?id=999999999", admin), 404);
		check("POST", "/challenges", this.api.post("/challenges", admin, Map.of("name", "no dates")), 400);
	}

	@Test
	void jobAndActivityAnswersMatchTheDocument() {
		String admin = this.tenant.admin();
		long challenge = createChallenge(admin, "Jobs");

		ApiClient.Response activities = check("POST", "/activities", this.api.post("/activities", admin, List.of(
				Map.of("id", "a1", "occurredat", "2026-10-02T10:00:00Z", "participants", Map.of("user", 1), "kind",
						"session", "outcome", true, "value", 2, "attributes", Map.of("ward", "a")),
				Map.of("id", "a2", "occurredat", "yesterday", "participants", Map.of("user", 1), "kind", "session"))),
				202);
		assertThat(activities.json().get("rejected").asInt()).isEqualTo(1);

		ApiClient.Response accepted = check("POST", "/challenges/compute",
				this.api.post("/challenges/compute?id=" + challenge, admin, null), 202);
		long job = accepted.json().get("jobid").asLong();
		assertThat(accepted.header("Location")).isEqualTo("/jobs/" + job);
		check("GET", "/jobs/{id}", this.api.get("/jobs/" + job, this.tenant.viewer()), 200);
		this.tx.executeWithoutResult(
				(status) -> this.jobs.succeed(job, Map.of("challengeid", challenge, "participants", 0, "winners", 0)));
		check("GET", "/jobs/{id}", this.api.get("/jobs/" + job, admin), 200);
		check("GET", "/jobs", this.api.get("/jobs?status=succeeded", admin), 200);

		long preview = this.api.post("/challenges/preview?id=" + challenge, admin, null).json().get("jobid").asLong();
		check("POST", "/jobs/cancel", this.api.post("/jobs/cancel?id=" + preview, admin, null), 200);
		check("POST", "/jobs/cancel", this.api.post("/jobs/cancel?id=" + preview, admin, null), 409);
		check("GET", "/jobs/{id}", this.api.get("/jobs/0", admin), 400);

		check("POST", "/challenges/close", this.api.post("/challenges/close?id=" + challenge, admin, null), 202);
		check("POST", "/challenges/close", this.api.post("/challenges/close?id=" + challenge, admin, null), 409);
		check("DELETE", "/challenges", send("DELETE", "/challenges?id=" + challenge, admin, null), 202);
		check("POST", "/challenges/autoclose-run", this.api.post("/challenges/autoclose-run", admin, null), 202);
		check("POST", "/challenges/points/expire", this.api.post("/challenges/points/expire", admin, null), 409);

		check("PUT", "/participants", send("PUT", "/participants", admin,
				List.of(Map.of("participanttype", 2, "participantid", 1, "name", "Ada"))), 200);
	}

	@Test
	void badgeTeamAndLedgerAnswersMatchTheDocument() {
		String admin = this.tenant.admin();
		long badge = check("POST", "/badges",
				this.api.post("/badges", admin,
						Map.of("name", "Gold", "colour", "#FFD700", "tier", 3, "iconurl", "https://example.com/g.svg")),
				201)
			.json()
			.get("id")
			.asLong();
		check("GET", "/badges", this.api.get("/badges", this.tenant.viewer()), 200);
		check("GET", "/badges", this.api.get("/badges?id=" + badge, this.tenant.participant()), 200);
		check("PUT", "/badges", send("PUT", "/badges?id=" + badge, admin, Map.of("category", "skill")), 200);

		long rule = check("POST", "/badges/auto-rules",
				this.api.post("/badges/auto-rules", admin,
						Map.of("badgeid", badge, "ruletype", 3, "threshold", 5, "kind", "session")),
				201)
			.json()
			.get("id")
			.asLong();
		check("POST", "/badges/auto-rules", this.api.post("/badges/auto-rules", admin,
				Map.of("badgeid", badge, "ruletype", 3, "threshold", 9, "kind", "session")), 200);
		check("GET", "/badges/auto-rules", this.api.get("/badges/auto-rules", admin), 200);
		check("GET", "/badges/auto-rules", this.api.get("/badges/auto-rules?id=" + rule, admin), 200);
		check("POST", "/badges/auto-rules/preview", this.api.post("/badges/auto-rules/preview?id=" + rule, admin, null),
				202);

		long grant = check("POST", "/badges/grant",
				this.api.post("/badges/grant", admin,
						Map.of("badgeid", badge, "participanttype", 2, "participantid", 1, "notes", "well done")),
				201)
			.json()
			.get("id")
			.asLong();
		check("POST", "/badges/grant", this.api.post("/badges/grant", admin,
				Map.of("badgeid", badge, "participanttype", 2, "participantid", 1)), 200);
		check("GET", "/challenges/badges", this.api.get("/challenges/badges", this.tenant.participant()), 200);
		check("POST", "/badges/revoke",
				this.api.post("/badges/revoke", admin, Map.of("grantid", grant, "reason", "mistake")), 200);
		check("POST", "/badges/revoke",
				this.api.post("/badges/revoke", admin, Map.of("grantid", grant, "reason", "again")), 409);
		check("DELETE", "/badges/auto-rules", send("DELETE", "/badges/auto-rules?id=" + rule, admin, null), 200);
		check("DELETE", "/badges", send("DELETE", "/badges?id=" + badge, admin, null), 200);

		long team = check("POST", "/challenges/teams",
				this.api.post("/challenges/teams", admin,
						Map.of("name", "Blue", "members", List.of(Map.of("participanttype", 2, "participantid", 1)))),
				201)
			.json()
			.get("id")
			.asLong();
		check("GET", "/challenges/teams", this.api.get("/challenges/teams", admin), 200);
		check("GET", "/challenges/teams", this.api.get("/challenges/teams?id=" + team, admin), 200);
		check("PUT", "/challenges/teams", send("PUT", "/challenges/teams?id=" + team, admin, Map.of("active", 0)), 200);
		check("DELETE", "/challenges/teams", send("DELETE", "/challenges/teams?id=" + team, admin, null), 200);

		check("POST", "/challenges/points/spend", this.api.post("/challenges/points/spend", admin,
				Map.of("participanttype", 2, "participantid", 1, "points", 40, "reason", 3, "direction", "credit")),
				201);
		ApiClient.Response overdraw = check("POST", "/challenges/points/spend",
				this.api.post("/challenges/points/spend", admin,
						Map.of("participanttype", 2, "participantid", 1, "points", 50, "reason", 1)),
				409);
		assertThat(overdraw.json().get("balance").asLong()).isEqualTo(40);
		check("GET", "/challenges/points", this.api.get("/challenges/points?from=2020-01-01", admin), 200);
		check("GET", "/challenges/participant",
				this.api.get("/challenges/participant?participanttype=2&participantid=1", this.tenant.participant()),
				200);
		check("GET", "/challenges/participant",
				this.api.get("/challenges/participant?participanttype=2&participantid=2", this.tenant.participant()),
				404);

		check("GET", "/organisation", this.api.get("/organisation", this.tenant.coordinator()), 200);
		check("GET", "/me", this.api.get("/me", this.tenant.participant()), 200);
		check("GET", "/me", this.api.get("/me", this.tenant.viewer()), 200);
		check("PUT", "/organisation",
				send("PUT", "/organisation", admin,
						Map.of("timezone", "Europe/Paris", "pointsexpirydays", 365, "autoclosewithouttoken", false)),
				200);
		check("POST", "/challenges/points/expire", this.api.post("/challenges/points/expire", admin, null), 202);
	}

	@Test
	void webhookAnswersMatchTheDocument() {
		String admin = this.tenant.admin();
		long webhook = check("POST", "/webhooks",
				this.api.post("/webhooks", admin, Map.of("url", WEBHOOK_URL, "events", List.of("*"))), 201)
			.json()
			.get("id")
			.asLong();
		check("GET", "/webhooks", this.api.get("/webhooks", admin), 200);
		check("GET", "/webhooks", this.api.get("/webhooks?id=" + webhook, admin), 200);
		check("PUT", "/webhooks", send("PUT", "/webhooks?id=" + webhook, admin,
				Map.of("events", List.of("podium.badge.granted.v1"), "description", "grants")), 200);
		check("POST", "/webhooks/rotate", this.api.post("/webhooks/rotate?id=" + webhook, admin, null), 200);
		check("GET", "/webhooks/deliveries", this.api.get("/webhooks/deliveries?status=pending", admin), 200);
		check("POST", "/webhooks/deliveries/replay", this.api.post("/webhooks/deliveries/replay?id=1", admin, null),
				404);
		check("POST", "/webhooks", this.api.post("/webhooks", admin, Map.of("url", "https://10.0.0.1/hook")), 400);
		check("DELETE", "/webhooks", send("DELETE", "/webhooks?id=" + webhook, admin, null), 200);
	}

	@Test
	void compatibleSurfaceAnswersMatchTheDocument() {
		String admin = this.tenant.admin();
		String definition = check("POST", "/api/v1/badge-definitions",
				this.api.post("/api/v1/badge-definitions", admin,
						Map.of("name", "First Session", "description", "Your first session", "criteria",
								Map.of("type", "session_count", "threshold", 1), "category", "milestone")),
				201)
			.json()
			.get("id")
			.asString();
		check("GET", "/api/v1/badge-definitions", this.api.get("/api/v1/badge-definitions", admin), 200);
		check("GET", "/api/v1/badge-definitions/{id}",
				this.api.get("/api/v1/badge-definitions/" + definition, this.tenant.participant()), 200);
		check("PUT", "/api/v1/badge-definitions/{id}",
				send("PUT", "/api/v1/badge-definitions/" + definition, admin, Map.of("is_active", false)), 200);
		check("DELETE", "/api/v1/badge-definitions/{id}",
				send("DELETE", "/api/v1/badge-definitions/" + definition, admin, null), 200);
		check("GET", "/api/v1/badge-definitions/{id}",
				this.api.get("/api/v1/badge-definitions/" + definition, this.tenant.viewer()), 403);

		long challenge = createChallenge(admin, "nudj");
		String hex = String.format("%024x", challenge);
		check("POST", "/api/v2/admin/challenges/{id}",
				this.api.post("/api/v2/admin/challenges/" + hex, admin,
						Map.of("details", Map.of("title", "Renamed"), "progressPeriod", "weekly", "isSkippable", true)),
				200);
		check("GET", "/api/v2/integration/challenges/{challengeId}",
				this.api.get("/api/v2/integration/challenges/" + hex, this.tenant.participant()), 200);
		check("POST", "/api/v2/admin/challenges/{id}",
				this.api.post("/api/v2/admin/challenges/not-hex", admin, Map.of()), 400);
	}

	/**
	 * Asserts an answer's status and validates its JSON body against the document's
	 * schema for that operation and status.
	 */
	private ApiClient.Response check(String method, String path, ApiClient.Response answer, int status) {
		assertThat(answer.status()).as("%s %s answered %s", method, path, answer.text()).isEqualTo(status);
		assertThat(answer.header("Content-Type")).as("%s %s %d", method, path, status).startsWith("application/json");
		assertThat(
				ApiDocument.errors(ApiDocument.responseSchema(method, path, status, "application/json"), answer.json()))
			.as("%s %s %d: %s", method, path, status, answer.text())
			.isEmpty();
		return answer;
	}

	private ApiClient.Response send(String method, String path, String token, Object body) {
		return this.api.send(method, path, token, body, Map.of());
	}

	/**
	 * The edge's routes ({@code METHOD /path}) and their handlers, without Spring's own.
	 */
	private Map<String, List<Handler>> routes() {
		Map<String, List<Handler>> routes = new LinkedHashMap<>();
		this.mappings.getHandlerMethods().forEach((info, method) -> {
			for (String pattern : info.getPatternValues()) {
				if (pattern.equals("/error")) {
					continue;
				}
				Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
				List<String> names = methods.isEmpty() ? List.of("ANY")
						: methods.stream().map(RequestMethod::name).toList();
				for (String name : names) {
					routes.computeIfAbsent(name + " " + pattern, (key) -> new ArrayList<>())
						.add(new Handler(method, params(info)));
				}
			}
		});
		return routes;
	}

	private static String params(RequestMappingInfo info) {
		Set<NameValueExpression<String>> expressions = info.getParamsCondition().getExpressions();
		return expressions.isEmpty() ? null
				: expressions.stream().map(Object::toString).sorted().collect(Collectors.joining("&"));
	}

	private static Set<String> allowed(HandlerMethod handler) {
		Allow allow = handler.getMethodAnnotation(Allow.class);
		if (allow == null) {
			allow = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), Allow.class);
		}
		Role[] roles = (allow != null) ? allow.value() : new Role[] { Role.ADMIN };
		return Arrays.stream(roles).map(Role::wireName).collect(Collectors.toCollection(TreeSet::new));
	}

	/**
	 * A handler of a route.
	 *
	 * @param method the handler
	 * @param params its parameter condition ({@code id}, {@code !id}), or null
	 */
	record Handler(HandlerMethod method, String params) {

	}

}
