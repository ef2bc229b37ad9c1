package dev.podium.edge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

	@Autowired
	JdbcClient jdbc;

	static Stream<Arguments> matrix() {
		List<Arguments> cases = new ArrayList<>();
		EdgeRoutes.ROUTES.forEach((name, route) -> {
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
		EdgeRoutes.Call call = EdgeRoutes.call(route, this.jdbc, this.tenant.organisationId());

		ApiClient.Response answer = this.api.send(call.method(), call.path(), token(role), call.body(), Map.of());

		assertThat(answer.status()).as(answer.text()).isEqualTo(expected);
		if (expected == 403) {
			assertThat(answer.json().get("error").asString()).endsWith("role required");
		}
	}

	static Stream<String> idRoutes() {
		return EdgeRoutes.ID_ROUTES.stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("idRoutes")
	void anotherOrganisationsIdIsNotFound(String route) {
		EdgeRoutes.Call call = EdgeRoutes.call(route, this.jdbc, this.tenant.organisationId());
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

}
