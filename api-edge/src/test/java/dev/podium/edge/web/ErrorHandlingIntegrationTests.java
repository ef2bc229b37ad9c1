package dev.podium.edge.web;

import java.util.HashMap;
import java.util.Map;

import dev.podium.edge.EdgeTest;
import dev.podium.edge.EdgeTestSupport;
import dev.podium.platform.testing.ApiClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

@EdgeTest
@Import(ErrorHandlingIntegrationTests.Failing.class)
class ErrorHandlingIntegrationTests extends EdgeTestSupport {

	@Test
	void aMissingRequiredFieldIsABadRequestNamingTheField() {
		Map<String, Object> body = new HashMap<>(challenge("x"));
		body.remove("name");

		ApiClient.Response answer = this.api.post("/challenges", this.tenant.admin(), body);

		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.json().get("field").asString()).isEqualTo("name");
		assertThat(answer.json().get("code").asString()).isEqualTo("invalid_name");
	}

	@Test
	void anEndBeforeTheStartNamesEnddate() {
		Map<String, Object> body = new HashMap<>(challenge("x"));
		body.put("enddate", "2026-09-01");

		ApiClient.Response answer = this.api.post("/challenges", this.tenant.admin(), body);

		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.json().get("field").asString()).isEqualTo("enddate");
	}

	@Test
	void anUnknownMetricNamesMetric() {
		Map<String, Object> body = new HashMap<>(challenge("x"));
		body.put("metric", 9);

		assertThat(this.api.post("/challenges", this.tenant.admin(), body).json().get("field").asString())
			.isEqualTo("metric");
	}

	@Test
	void fieldsMayComeInTheQueryString() {
		ApiClient.Response answer = this.api.post(
				"/challenges?name=From%20query&startdate=2026-10-01&enddate=2026-10-31&metric=4", this.tenant.admin(),
				null);

		assertThat(answer.status()).isEqualTo(201);
		long id = answer.json().get("id").asLong();
		ApiClient.Response read = this.api.get("/challenges?id=" + id, this.tenant.viewer());
		assertThat(read.json().at("/challenge/name").asString()).isEqualTo("From query");
		assertThat(read.json().at("/challenge/metric").asInt()).isEqualTo(4);
	}

	@Test
	void fieldsAClientMayNotSetAreIgnored() {
		Map<String, Object> body = new HashMap<>(challenge("mass assignment"));
		body.put("closed", 1);
		body.put("organisation", 1);
		body.put("id", 1);

		long id = this.api.post("/challenges", this.tenant.admin(), body).json().get("id").asLong();

		assertThat(this.api.get("/challenges?id=" + id, this.tenant.admin()).json().at("/challenge/closed").asInt())
			.isZero();
	}

	@Test
	void aBodyThatIsNotJsonIsABadRequest() {
		ApiClient.Response answer = this.api.post("/challenges", this.tenant.admin(), "{\"name\": ");

		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.json().get("code").asString()).isEqualTo("invalid_body");
	}

	@Test
	void aBodyOverTheLimitIsTooLarge() {
		String huge = "{\"name\":\"" + "x".repeat(70_000) + "\"}";

		ApiClient.Response answer = this.api.post("/challenges", this.tenant.admin(), huge);

		assertThat(answer.status()).isEqualTo(413);
		assertThat(answer.json().get("code").asString()).isEqualTo("body_too_large");
	}

	@Test
	void aNonNumericIdNamesId() {
		ApiClient.Response answer = this.api.get("/challenges?id=abc", this.tenant.admin());

		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.json().get("field").asString()).isEqualTo("id");
	}

	@Test
	void anUnknownRouteIsAJsonNotFound() {
		ApiClient.Response answer = this.api.get("/no-such-route", this.tenant.admin());

		assertThat(answer.status()).isEqualTo(404);
		assertThat(answer.json().get("error").asString()).isNotBlank();
	}

	@Test
	void anUnexpectedFailureAnswers500WithoutInternals() {
		ApiClient.Response answer = this.api.get("/test/explode", this.tenant.admin());

		assertThat(answer.status()).isEqualTo(500);
		assertThat(answer.text()).doesNotContain("secret").doesNotContain("Exception").doesNotContain("at dev.");
		assertThat(answer.json().get("code").asString()).isEqualTo("internal_error");
	}

	@TestConfiguration
	@RestController
	static class Failing {

		@GetMapping("/test/explode")
		String explode() {
			throw new IllegalStateException("secret connection string jdbc:postgresql://db/secret");
		}

	}

}
