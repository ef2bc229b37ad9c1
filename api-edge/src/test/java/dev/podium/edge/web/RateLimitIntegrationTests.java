package dev.podium.edge.web;

import dev.podium.edge.EdgeApplication;
import dev.podium.edge.EdgeTestSupport;
import dev.podium.platform.testing.ApiClient;
import dev.podium.platform.testing.RealInfrastructure;
import dev.podium.platform.testing.TestTenant;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = EdgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.name=edge", "podium.edge.rate-limit.per-second=1",
				"podium.edge.rate-limit.burst=5" })
@ContextConfiguration(initializers = RealInfrastructure.class)
class RateLimitIntegrationTests extends EdgeTestSupport {

	@Test
	void aTokenOverItsRateIsToldToRetryLater() {
		for (int i = 0; i < 5; i++) {
			assertThat(this.api.get("/jobs", this.tenant.admin()).status()).isEqualTo(200);
		}

		ApiClient.Response limited = this.api.get("/jobs", this.tenant.admin());

		assertThat(limited.status()).isEqualTo(429);
		assertThat(limited.json().get("code").asString()).isEqualTo("rate_limited");
		assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 2L);
	}

	@Test
	void eachTokenHasItsOwnBucket() {
		for (int i = 0; i < 6; i++) {
			this.api.get("/jobs", this.tenant.admin());
		}
		TestTenant other = TestTenant.create(this.context);

		assertThat(this.api.get("/jobs", other.admin()).status()).isEqualTo(200);
		assertThat(this.api.get("/jobs", this.tenant.viewer()).status()).isEqualTo(200);
	}

}
