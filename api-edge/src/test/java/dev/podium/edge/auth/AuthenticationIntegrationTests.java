package dev.podium.edge.auth;

import java.util.Map;

import dev.podium.edge.EdgeTest;
import dev.podium.edge.EdgeTestSupport;
import dev.podium.platform.security.ApiTokens;
import dev.podium.platform.testing.ApiClient;
import dev.podium.platform.testing.TestTenant;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

@EdgeTest
class AuthenticationIntegrationTests extends EdgeTestSupport {

	@Autowired
	ApiTokens tokens;

	@Test
	void aCallWithoutATokenIsUnauthorizedWithTheSeedsErrorBody() {
		ApiClient.Response answer = this.api.get("/jobs", null);

		assertThat(answer.status()).isEqualTo(401);
		assertThat(answer.header("Content-Type")).startsWith("application/json");
		assertThat(answer.json().get("error").asString()).isNotBlank();
		assertThat(answer.json().get("code").asString()).isEqualTo("unauthorized");
	}

	@Test
	void anUnknownTokenIsUnauthorized() {
		assertThat(this.api.get("/jobs", "pdm_not-a-real-token").status()).isEqualTo(401);
	}

	@Test
	void theHeaderNameIsCaseInsensitiveAndABearerPrefixIsTolerated() {
		ApiClient.Response lower = this.api.send("GET", "/jobs", null, null,
				Map.of("x-api-token", this.tenant.admin()));
		ApiClient.Response bearer = this.api.send("GET", "/jobs", null, null,
				Map.of("X-API-TOKEN", "Bearer " + this.tenant.admin()));
		ApiClient.Response authorization = this.api.send("GET", "/jobs", null, null,
				Map.of("Authorization", "Bearer " + this.tenant.admin()));

		assertThat(lower.status()).isEqualTo(200);
		assertThat(bearer.status()).isEqualTo(200);
		assertThat(authorization.status()).isEqualTo(200);
	}

	@Test
	void aRevokedTokenIsUnauthorized() {
		String token = this.tokens.issue(this.tenant.organisationId(), dev.podium.platform.security.Role.ADMIN, null,
				null, "to-revoke");
		assertThat(this.api.get("/jobs", token).status()).isEqualTo(200);

		this.tokens.revokeLabelled(this.tenant.organisationId(), "to-revoke");

		assertThat(this.api.get("/jobs", token).status()).isEqualTo(401);
	}

	@Test
	void aRoleThatMayNotIsForbidden() {
		ApiClient.Response viewer = this.api.post("/challenges", this.tenant.viewer(), challenge("not allowed"));
		ApiClient.Response coordinator = this.api.post("/challenges", this.tenant.coordinator(),
				challenge("not allowed"));
		ApiClient.Response participant = this.api.get("/jobs", this.tenant.participant());

		assertThat(viewer.status()).isEqualTo(403);
		assertThat(viewer.json().get("error").asString()).isEqualTo("admin role required");
		assertThat(coordinator.status()).isEqualTo(403);
		assertThat(participant.status()).isEqualTo(403);
	}

	@Test
	void anotherOrganisationsChallengeIsAnsweredExactlyLikeAMissingOne() {
		long theirs = createChallenge(this.tenant.admin(), "theirs");
		TestTenant other = TestTenant.create(this.context);

		ApiClient.Response foreign = this.api.get("/challenges?id=" + theirs, other.admin());
		ApiClient.Response missing = this.api.get("/challenges?id=" + Long.MAX_VALUE, other.admin());
		ApiClient.Response foreignClose = this.api.post("/challenges/close?id=" + theirs, other.admin(), null);

		assertThat(foreign.status()).isEqualTo(404);
		assertThat(foreign.text()).isEqualTo(missing.text());
		assertThat(foreignClose.status()).isEqualTo(404);
		assertThat(this.api.get("/challenges?id=" + theirs, this.tenant.admin()).status()).isEqualTo(200);
	}

}
