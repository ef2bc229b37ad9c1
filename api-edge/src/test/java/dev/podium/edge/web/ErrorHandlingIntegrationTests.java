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

	@Test
	void aRouteThatNeedsAnIdAnswers401WithoutATokenAnd400NamingIdWithOne() {
		for (String route : new String[] { "PUT /challenges", "DELETE /badges", "GET /challenges/results.csv",
				"PUT /webhooks" }) {
			String[] call = route.split(" ");
			ApiClient.Response anonymous = this.api.send(call[0], call[1], null, null, Map.of());
			ApiClient.Response admin = this.api.send(call[0], call[1], this.tenant.admin(), null, Map.of());

			assertThat(anonymous.status()).as(route + ": " + anonymous.text()).isEqualTo(401);
			assertThat(admin.status()).as(route + ": " + admin.text()).isEqualTo(400);
			assertThat(admin.json().get("code").asString()).isEqualTo("invalid_id");
			assertThat(admin.json().get("field").asString()).isEqualTo("id");
		}
	}

	@Test
	void aNulCharacterOrALoneSurrogateIsRefusedNamingTheFieldAndNothingIsStored() {
		// JSON text as a client sends it: the escapes, not the characters.
		for (String name : new String[] { "a\\u0000b", "a\\ud800b", "a\\u001bb", "a\\udc00" }) {
			String body = "{\"name\":\"" + name + "\",\"startdate\":\"2026-10-01\",\"enddate\":\"2026-10-31\"}";

			ApiClient.Response answer = this.api.post("/challenges", this.tenant.admin(), body);

			assertThat(answer.status()).as(answer.text()).isEqualTo(400);
			assertThat(answer.json().get("field").asString()).isEqualTo("name");
		}
		ApiClient.Response search = this.api.get("/challenges?search=a%00b", this.tenant.admin());
		assertThat(search.status()).as(search.text()).isEqualTo(400);
		assertThat(search.json().get("field").asString()).isEqualTo("search");
		assertThat(this.api.get("/challenges", this.tenant.admin()).json().get("totalrows").asInt()).isZero();
	}

	@Test
	void aTabAndALineBreakAreKeptAsSent() {
		Map<String, Object> fields = new HashMap<>(challenge("x"));
		fields.put("description", "one\ttwo\r\nthree \uD83D\uDE00");
		long id = this.api.post("/challenges", this.tenant.admin(), fields).json().get("id").asLong();

		assertThat(this.api.get("/challenges?id=" + id, this.tenant.admin())
			.json()
			.at("/challenge/description")
			.asString()).isEqualTo("one\ttwo\r\nthree \uD83D\uDE00");
	}

	@Test
	void searchTakesPercentUnderscoreAndBackslashLiterally() {
		createChallenge(this.tenant.admin(), "plain");
		createChallenge(this.tenant.admin(), "50% off_now \\ here");

		for (String search : new String[] { "%25", "_", "%5C" }) {
			ApiClient.Response answer = this.api.get("/challenges?search=" + search, this.tenant.admin());
			assertThat(answer.json().get("totalrows").asInt()).as(search).isEqualTo(1);
			assertThat(answer.json().at("/rows/0/name").asString()).isEqualTo("50% off_now \\ here");
		}
	}

	@Test
	void aNumberWhereTextIsRequiredIsRefused() {
		Map<String, Object> fields = new HashMap<>(challenge("x"));
		fields.put("name", 123);

		ApiClient.Response answer = this.api.post("/challenges", this.tenant.admin(), fields);

		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.json().get("field").asString()).isEqualTo("name");
		ApiClient.Response badge = this.api.post("/badges", this.tenant.admin(), Map.of("name", 123));
		assertThat(badge.status()).as(badge.text()).isEqualTo(400);
		assertThat(badge.json().get("field").asString()).isEqualTo("name");
	}

	@Test
	void rewardPointsOutOfRangeAreRefusedSayingTheRange() {
		Map<String, Object> fields = new HashMap<>(challenge("x"));
		fields.put("rewardpoints", 2147483648L);
		assertThat(this.api.post("/challenges", this.tenant.admin(), fields).status()).isEqualTo(201);

		fields.put("rewardpoints", 1_000_000_000_001L);
		ApiClient.Response answer = this.api.post("/challenges", this.tenant.admin(), fields);

		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.json().get("field").asString()).isEqualTo("rewardpoints");
		assertThat(answer.json().get("error").asString()).contains("from 0 to 1000000000000");
	}

	@Test
	void datesOutsideYears1To9999AreRefusedAndTheEndsReadBackAsSent() {
		for (String date : new String[] { "0000-01-01", "-0001-01-01", "+10000-01-01" }) {
			Map<String, Object> fields = new HashMap<>(challenge("x"));
			fields.put("startdate", date);
			ApiClient.Response answer = this.api.post("/challenges", this.tenant.admin(), fields);
			assertThat(answer.status()).as(date + ": " + answer.text()).isEqualTo(400);
			assertThat(answer.json().get("field").asString()).isEqualTo("startdate");
		}
		Map<String, Object> fields = new HashMap<>(challenge("x"));
		fields.put("startdate", "0001-01-01");
		fields.put("enddate", "9999-12-31");
		long id = this.api.post("/challenges", this.tenant.admin(), fields).json().get("id").asLong();
		ApiClient.Response read = this.api.get("/challenges?id=" + id, this.tenant.admin());
		assertThat(read.json().at("/challenge/startdate").asString()).startsWith("0001-01-01");
		assertThat(read.json().at("/challenge/enddate").asString()).startsWith("9999-12-31");
	}

	@Test
	void aHugeHeaderIsAJson431() {
		ApiClient.Response answer = this.api.send("GET", "/challenges", this.tenant.admin(), null,
				Map.of("X-Padding", "x".repeat(100_000)));

		assertThat(answer.status()).as(answer.text()).isEqualTo(431);
		assertThat(answer.raw().headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
		assertThat(answer.json().get("code").asString()).isEqualTo("headers_too_large");
		// Tomcat closes the connection after it: the answer must say so, or a pooling
		// client sends its next request on the closed connection.
		assertThat(answer.header("Connection")).isEqualTo("close");
		assertThat(this.api.post("/challenges", this.tenant.admin(), challenge("after")).status()).isEqualTo(201);
	}

	@Test
	void aQueryStringThatIsNotPercentEncodedUtf8IsA400() {
		for (String query : new String[] { "search=%FF", "search=%C3%28", "id=1&%FF" }) {
			ApiClient.Response answer = this.api.get("/challenges?" + query, this.tenant.admin());

			assertThat(answer.status()).as(query + ": " + answer.text()).isEqualTo(400);
			assertThat(answer.json().get("code").asString()).isEqualTo("invalid_parameters");
		}
	}

	@Test
	void prometheusAskedForJsonIs406() {
		ApiClient.Response answer = this.api.send("GET", "/actuator/prometheus", null, null,
				Map.of("Accept", "application/json"));

		assertThat(answer.status()).as(answer.text()).isEqualTo(406);
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
