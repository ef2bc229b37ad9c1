package dev.podium.edge;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.podium.edge.EdgeTestSupport.challenge;

/**
 * Every route of surfaces A and D with a call that succeeds for the roles allowed, made
 * from records written straight to the tables: the role matrix and the bad-input suite
 * run over the same list.
 */
final class EdgeRoutes {

	static final Set<String> READERS = Set.of("admin", "coordinator", "viewer");

	static final Set<String> EVERYONE = Set.of("admin", "coordinator", "viewer", "participant");

	static final Set<String> ADMIN = Set.of("admin");

	static final Set<String> ADMIN_COORDINATOR = Set.of("admin", "coordinator");

	/** Route → (who may call it, the status they get, the call). */
	static final Map<String, Route> ROUTES = new LinkedHashMap<>();

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
		route("GET /me", EVERYONE, 200, (f) -> new Call("GET", "/me", null));
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
	static final List<String> ID_ROUTES = List.of("GET /badges?id", "PUT /badges?id", "DELETE /badges?id",
			"GET /badges/auto-rules?id", "DELETE /badges/auto-rules?id", "POST /badges/auto-rules/preview?id",
			"POST /badges/revoke", "GET /challenges/teams?id", "PUT /challenges/teams?id",
			"DELETE /challenges/teams?id", "GET /challenges?id", "PUT /challenges?id", "DELETE /challenges?id",
			"POST /challenges/clone?id", "POST /challenges/compute?id", "POST /challenges/preview?id",
			"POST /challenges/close?id", "GET /challenges/results?id", "GET /challenges/results.csv?id",
			"PUT /challenges/results?id", "GET /jobs/{id}", "POST /jobs/cancel?id");

	private EdgeRoutes() {
	}

	/** The body a route is called with (null: none). */
	static Object body(String route) {
		return ROUTES.get(route).call().apply(Fixtures.NONE).body();
	}

	/** A call of the route that succeeds, over fresh records of the organisation. */
	static Call call(String route, JdbcClient jdbc, long organisation) {
		return ROUTES.get(route).call().apply(new Fixtures(jdbc, organisation));
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

		/** Fixtures that write nothing (ids of 1): for looking at a route's call only. */
		static final Fixtures NONE = new Fixtures(null, 0);

		long badge() {
			if (this.jdbc == null) {
				return 1;
			}
			return this.jdbc.sql("insert into badge (organisation_id, name) values (:o, 'fixture') returning id")
				.param("o", this.organisation)
				.query(Long.class)
				.single();
		}

		long rule() {
			if (this.jdbc == null) {
				return 1;
			}
			return this.jdbc.sql("""
					insert into badge_rule (organisation_id, badge_id, rule_type, threshold)
					values (:o, :b, 0, 3) returning id
					""").param("o", this.organisation).param("b", badge()).query(Long.class).single();
		}

		long grant() {
			if (this.jdbc == null) {
				return 1;
			}
			return this.jdbc.sql("""
					insert into badge_grant (organisation_id, badge_id, participant_type, participant_id, source)
					values (:o, :b, 2, 1, 'manual') returning id
					""").param("o", this.organisation).param("b", badge()).query(Long.class).single();
		}

		long challenge() {
			if (this.jdbc == null) {
				return 1;
			}
			return this.jdbc.sql("""
					insert into challenge (organisation_id, name, metric, scope, start_date, end_date, reward_points)
					values (:o, 'fixture', 0, 2, '2026-10-01', '2026-10-31', 10) returning id
					""").param("o", this.organisation).query(Long.class).single();
		}

		/** Gives the organisation an expiry policy; an empty query string. */
		String expiring() {
			if (this.jdbc == null) {
				return "";
			}
			this.jdbc.sql("update organisation set points_expiry_days = 30 where id = :o")
				.param("o", this.organisation)
				.update();
			return "";
		}

		long job() {
			if (this.jdbc == null) {
				return 1;
			}
			return this.jdbc.sql("insert into job (organisation_id, type) values (:o, 'compute') returning id")
				.param("o", this.organisation)
				.query(Long.class)
				.single();
		}

		long team() {
			if (this.jdbc == null) {
				return 1;
			}
			return this.jdbc.sql("insert into team (organisation_id, name) values (:o, 'fixture') returning id")
				.param("o", this.organisation)
				.query(Long.class)
				.single();
		}

		/** A notification of participant (2, 1), the participant token's. */
		long notification() {
			if (this.jdbc == null) {
				return 1;
			}
			return this.jdbc.sql("""
					insert into notification (organisation_id, participant_type, participant_id, kind, title, event_id)
					values (:o, 2, 1, 'badge_granted', 'Badge earned: fixture', gen_random_uuid()) returning id
					""").param("o", this.organisation).query(Long.class).single();
		}

	}

}
