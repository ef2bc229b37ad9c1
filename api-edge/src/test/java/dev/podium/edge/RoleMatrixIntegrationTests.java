package dev.podium.edge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import dev.podium.platform.testing.ApiClient;
import dev.podium.platform.testing.TestTenant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PRODUCT.md's role table over every route of surfaces A and D: every role on every
 * route, and another organisation's ids answered 404 on every route that takes one.
 */
@EdgeTest
class RoleMatrixIntegrationTests extends EdgeTestSupport {

	private static final Set<String> READERS = Set.of("admin", "coordinator", "viewer");

	private static final Set<String> EVERYONE = Set.of("admin", "coordinator", "viewer", "participant");

	private static final Set<String> ADMIN = Set.of("admin");

	private static final Set<String> ADMIN_COORDINATOR = Set.of("admin", "coordinator");

	/** Route → (who may call it, the status they get, the call). */
	private static final Map<String, Route> ROUTES = new LinkedHashMap<>();

	static {
		route("GET /badges", READERS, 200, (f) -> new Call("GET", "/badges", null));
		route("GET /badges?id", EVERYONE, 200, (f) -> new Call("GET", "/badges?id=" + f.badge(), null));
		route("POST /badges", ADMIN, 201, (f) -> new Call("POST", "/badges", Map.of("name", "new")));
		route("PUT /badges?id", ADMIN, 200,
				(f) -> new Call("PUT", "/badges?id=" + f.badge(), Map.of("name", "renamed")));
		route("DELETE /badges?id", ADMIN, 200, (f) -> new Call("DELETE", "/badges?id=" + f.badge(), null));
		route("GET /badges/auto-rules", READERS, 200, (f) -> new Call("GET", "/badges/auto-rules", null));
		route("GET /badges/auto-rules?id", READERS, 200,
				(f) -> new Call("GET", "/badges/auto-rules?id=" + f.rule(), null));
		route("POST /badges/auto-rules", ADMIN, 201, (f) -> new Call("POST", "/badges/auto-rules",
				Map.of("badgeid", f.badge(), "ruletype", 2, "threshold", 100)));
		route("DELETE /badges/auto-rules?id", ADMIN, 200,
				(f) -> new Call("DELETE", "/badges/auto-rules?id=" + f.rule(), null));
		route("POST /badges/auto-rules/preview?id", ADMIN_COORDINATOR, 202,
				(f) -> new Call("POST", "/badges/auto-rules/preview?id=" + f.rule(), null));
		route("GET /challenges/badges", EVERYONE, 200, (f) -> new Call("GET", "/challenges/badges", null));
		route("POST /badges/grant", ADMIN, 201, (f) -> new Call("POST", "/badges/grant",
				Map.of("badgeid", f.badge(), "participanttype", 2, "participantid", 99)));
		route("POST /badges/revoke", ADMIN, 200,
				(f) -> new Call("POST", "/badges/revoke", Map.of("grantid", f.grant(), "reason", "test")));
		route("GET /challenges/teams", READERS, 200, (f) -> new Call("GET", "/challenges/teams", null));
		route("GET /challenges/teams?id", READERS, 200,
				(f) -> new Call("GET", "/challenges/teams?id=" + f.team(), null));
		route("POST /challenges/teams", ADMIN, 201, (f) -> new Call("POST", "/challenges/teams",
				Map.of("name", "new", "members", List.of(Map.of("participanttype", 2, "participantid", 1)))));
		route("PUT /challenges/teams?id", ADMIN, 200,
				(f) -> new Call("PUT", "/challenges/teams?id=" + f.team(), Map.of("name", "renamed")));
		route("DELETE /challenges/teams?id", ADMIN, 200,
				(f) -> new Call("DELETE", "/challenges/teams?id=" + f.team(), null));
		route("GET /challenges/participant (itself)", EVERYONE, 200,
				(f) -> new Call("GET", "/challenges/participant?participanttype=2&participantid=1", null));
		route("GET /challenges/participant (another)", READERS, 200,
				(f) -> new Call("GET", "/challenges/participant?participanttype=2&participantid=2", null));
		route("GET /challenges", READERS, 200, (f) -> new Call("GET", "/challenges", null));
		route("GET /challenges?id", EVERYONE, 200, (f) -> new Call("GET", "/challenges?id=" + f.challenge(), null));
		route("POST /challenges", ADMIN, 201, (f) -> new Call("POST", "/challenges", challenge("new")));
		route("PUT /challenges?id", ADMIN, 200,
				(f) -> new Call("PUT", "/challenges?id=" + f.challenge(), Map.of("name", "renamed")));
		route("DELETE /challenges?id", ADMIN, 202, (f) -> new Call("DELETE", "/challenges?id=" + f.challenge(), null));
		route("POST /challenges/clone?id", ADMIN, 201,
				(f) -> new Call("POST", "/challenges/clone?id=" + f.challenge(), null));
		route("POST /challenges/compute?id", Set.of("admin", "coordinator"), 202,
				(f) -> new Call("POST", "/challenges/compute?id=" + f.challenge(), null));
		route("POST /challenges/preview?id", Set.of("admin", "coordinator"), 202,
				(f) -> new Call("POST", "/challenges/preview?id=" + f.challenge(), null));
		route("POST /challenges/close?id", ADMIN, 202,
				(f) -> new Call("POST", "/challenges/close?id=" + f.challenge(), null));
		route("POST /challenges/autoclose-run", ADMIN, 202, (f) -> new Call("POST", "/challenges/autoclose-run", null));
		route("GET /challenges/results?id", READERS, 200,
				(f) -> new Call("GET", "/challenges/results?id=" + f.challenge(), null));
		route("GET /challenges/results.csv?id", READERS, 200,
				(f) -> new Call("GET", "/challenges/results.csv?id=" + f.challenge(), null));
		route("PUT /challenges/results?id", ADMIN, 200,
				(f) -> new Call("PUT", "/challenges/results?id=" + f.challenge(),
						List.of(Map.of("participanttype", 2, "participantid", 1, "metricvalue", 12))));
		route("GET /challenges/points", EVERYONE, 200, (f) -> new Call("GET", "/challenges/points", null));
		route("POST /challenges/points/spend", ADMIN, 201, (f) -> new Call("POST", "/challenges/points/spend",
				Map.of("participanttype", 2, "participantid", 1, "points", 5, "reason", 3, "direction", "credit")));
		route("POST /challenges/points/expire", ADMIN, 202,
				(f) -> new Call("POST", "/challenges/points/expire?" + f.expiring(), null));
		route("GET /organisation", READERS, 200, (f) -> new Call("GET", "/organisation", null));
		route("PUT /organisation", ADMIN, 200, (f) -> new Call("PUT", "/organisation", Map.of("pointsexpirydays", 30)));
		route("GET /jobs", READERS, 200, (f) -> new Call("GET", "/jobs", null));
		route("GET /jobs/{id}", READERS, 200, (f) -> new Call("GET", "/jobs/" + f.job(), null));
		route("POST /jobs/cancel?id", ADMIN, 200, (f) -> new Call("POST", "/jobs/cancel?id=" + f.job(), null));
		route("POST /activities", ADMIN, 202, (f) -> new Call("POST", "/activities", List.of(Map.of("id", "a1",
				"occurredat", "2026-10-02T10:00:00Z", "participants", Map.of("user", 1), "kind", "observation"))));
		route("PUT /participants", ADMIN, 200, (f) -> new Call("PUT", "/participants",
				List.of(Map.of("participanttype", 2, "participantid", 1, "name", "Ada"))));
		route("GET /notifications (itself)", EVERYONE, 200,
				(f) -> new Call("GET", "/notifications?participanttype=2&participantid=1", null));
		// A participant token is held to its own notifications rather than refused.
		route("GET /notifications (any participant)", EVERYONE, 200,
				(f) -> new Call("GET", "/notifications?participanttype=2&participantid=2", null));
		route("POST /notifications/read", Set.of("admin", "participant"), 200,
				(f) -> new Call("POST", "/notifications/read", Map.of("participanttype", 2, "participantid", 1)));
		route("POST /notifications/read (ids)", Set.of("admin", "participant"), 200,
				(f) -> new Call("POST", "/notifications/read", Map.of("ids", List.of(f.notification()))));
	}

	/**
	 * The routes that address a record by id, called with another organisation's id.
	 * {@code POST /notifications/read} is not one: ids it cannot mark (another
	 * organisation's among them) are left alone and not counted, a 200.
	 */
	private static final List<String> ID_ROUTES = List.of("GET /badges?id", "PUT /badges?id", "DELETE /badges?id",
			"GET /badges/auto-rules?id", "DELETE /badges/auto-rules?id", "POST /badges/auto-rules/preview?id",
			"POST /badges/revoke", "GET /challenges/teams?id", "PUT /challenges/teams?id",
			"DELETE /challenges/teams?id", "GET /challenges?id", "PUT /challenges?id", "DELETE /challenges?id",
			"POST /challenges/clone?id", "POST /challenges/compute?id", "POST /challenges/preview?id",
			"POST /challenges/close?id", "GET /challenges/results?id", "GET /challenges/results.csv?id",
			"PUT /challenges/results?id", "GET /jobs/{id}", "POST /jobs/cancel?id");

	@Autowired
	JdbcClient jdbc;

	static Stream<Arguments> matrix() {
		List<Arguments> cases = new ArrayList<>();
		ROUTES.forEach((name, route) -> {
			for (String role : List.of("admin", "coordinator", "viewer", "participant", "none")) {
				int expected;
				if (role.equals("none")) {
					expected = 401;
				}
				else if (route.allowed().contains(role)) {
					expected = route.status();
				}
				else if (role.equals("participant") && name.endsWith("(another)")) {
					expected = 404;
				}
				else {
					expected = 403;
				}
				cases.add(Arguments.of(name, role, expected));
			}
		});
		return cases.stream();
	}

	@ParameterizedTest(name = "{0} as {1}: {2}")
	@MethodSource("matrix")
	void eachRoleGetsWhatTheRoleTableSays(String route, String role, int expected) {
		Call call = ROUTES.get(route).call().apply(new Fixtures(this.jdbc, this.tenant.organisationId()));

		ApiClient.Response answer = this.api.send(call.method(), call.path(), token(role), call.body(), Map.of());

		assertThat(answer.status()).as(answer.text()).isEqualTo(expected);
		if (expected == 403) {
			assertThat(answer.json().get("error").asString()).endsWith("role required");
		}
	}

	static Stream<String> idRoutes() {
		return ID_ROUTES.stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("idRoutes")
	void anotherOrganisationsIdIsNotFound(String route) {
		Call call = ROUTES.get(route).call().apply(new Fixtures(this.jdbc, this.tenant.organisationId()));
		TestTenant other = TestTenant.create(this.context);

		ApiClient.Response answer = this.api.send(call.method(), call.path(), other.admin(), call.body(), Map.of());

		assertThat(answer.status()).as(answer.text()).isEqualTo(404);
	}

	private String token(String role) {
		return switch (role) {
			case "admin" -> this.tenant.admin();
			case "coordinator" -> this.tenant.coordinator();
			case "viewer" -> this.tenant.viewer();
			case "participant" -> this.tenant.participant();
			default -> null;
		};
	}

	private static void route(String name, Set<String> allowed, int status, Function<Fixtures, Call> call) {
		ROUTES.put(name, new Route(allowed, status, call));
	}

	record Route(Set<String> allowed, int status, Function<Fixtures, Call> call) {

	}

	record Call(String method, String path, Object body) {

	}

	/** Records of the tenant's organisation, written straight to the tables. */
	record Fixtures(JdbcClient jdbc, long organisation) {

		long badge() {
			return this.jdbc.sql("insert into badge (organisation_id, name) values (:o, 'fixture') returning id")
				.param("o", this.organisation)
				.query(Long.class)
				.single();
		}

		long rule() {
			return this.jdbc.sql("""
					insert into badge_rule (organisation_id, badge_id, rule_type, threshold)
					values (:o, :b, 0, 3) returning id
					""").param("o", this.organisation).param("b", badge()).query(Long.class).single();
		}

		long grant() {
			return this.jdbc.sql("""
					insert into badge_grant (organisation_id, badge_id, participant_type, participant_id, source)
					values (:o, :b, 2, 1, 'manual') returning id
					""").param("o", this.organisation).param("b", badge()).query(Long.class).single();
		}

		long challenge() {
			return this.jdbc.sql("""
					insert into challenge (organisation_id, name, metric, scope, start_date, end_date, reward_points)
					values (:o, 'fixture', 0, 2, '2026-10-01', '2026-10-31', 10) returning id
					""").param("o", this.organisation).query(Long.class).single();
		}

		/** Gives the organisation an expiry policy; an empty query string. */
		String expiring() {
			this.jdbc.sql("update organisation set points_expiry_days = 30 where id = :o")
				.param("o", this.organisation)
				.update();
			return "";
		}

		long job() {
			return this.jdbc.sql("insert into job (organisation_id, type) values (:o, 'compute') returning id")
				.param("o", this.organisation)
				.query(Long.class)
				.single();
		}

		/** A notification of participant (2, 1), the participant token's. */
		long notification() {
			return this.jdbc.sql("""
					insert into notification (organisation_id, participant_type, participant_id, kind, title, event_id)
					values (:o, 2, 1, 'badge_granted', 'Badge earned: fixture', gen_random_uuid()) returning id
					""").param("o", this.organisation).query(Long.class).single();
		}

		long team() {
			return this.jdbc.sql("insert into team (organisation_id, name) values (:o, 'fixture') returning id")
				.param("o", this.organisation)
				.query(Long.class)
				.single();
		}

	}

}
