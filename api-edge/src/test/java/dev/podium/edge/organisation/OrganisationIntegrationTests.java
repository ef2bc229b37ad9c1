package dev.podium.edge.organisation;

import java.util.HashMap;
import java.util.Map;

import dev.podium.edge.EdgeTest;
import dev.podium.edge.EdgeTestSupport;
import dev.podium.platform.testing.ApiClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

@EdgeTest
class OrganisationIntegrationTests extends EdgeTestSupport {

	@Autowired
	JdbcClient jdbc;

	@Test
	void theSettingsAreReadableByEveryRoleButParticipants() {
		JsonNode organisation = this.api.get("/organisation", this.tenant.viewer()).json().get("organisation");

		assertThat(organisation.get("id").asLong()).isEqualTo(this.tenant.organisationId());
		assertThat(organisation.get("timezone").asString()).isEqualTo("UTC");
		assertThat(organisation.get("autoclosewithouttoken").asBoolean()).isTrue();
		assertThat(organisation.get("pointsexpirydays").isNull()).isTrue();
		assertThat(this.api.get("/organisation", this.tenant.coordinator()).status()).isEqualTo(200);
		assertThat(this.api.get("/organisation", this.tenant.participant()).status()).isEqualTo(403);
	}

	@Test
	void anUpdateChangesOnlyTheFieldsSent() {
		ApiClient.Response zone = put(Map.of("timezone", "Europe/Paris"));
		ApiClient.Response expiry = this.api.send("PUT", "/organisation?pointsexpirydays=90", this.tenant.admin(), null,
				Map.of());
		ApiClient.Response token = put(Map.of("autoclosewithouttoken", false));

		assertThat(zone.status()).as(zone.text()).isEqualTo(200);
		assertThat(expiry.json().at("/organisation/pointsexpirydays").asInt()).isEqualTo(90);
		assertThat(expiry.json().at("/organisation/timezone").asString()).isEqualTo("Europe/Paris");
		JsonNode after = token.json().get("organisation");
		assertThat(after.get("timezone").asString()).isEqualTo("Europe/Paris");
		assertThat(after.get("pointsexpirydays").asInt()).isEqualTo(90);
		assertThat(after.get("autoclosewithouttoken").asBoolean()).isFalse();
		assertThat(this.jdbc.sql("select autoclose_needs_token from organisation where id = :o")
			.param("o", this.tenant.organisationId())
			.query(Boolean.class)
			.single()).isTrue();
	}

	@Test
	void aNullExpirySwitchesExpiryOff() {
		put(Map.of("pointsexpirydays", 30));
		Map<String, Object> off = new HashMap<>();
		off.put("pointsexpirydays", null);

		JsonNode after = put(off).json().get("organisation");

		assertThat(after.get("pointsexpirydays").isNull()).isTrue();
	}

	@Test
	void invalidSettingsAreRefusedNamingTheField() {
		Map<String, Object> refused = Map.of("timezone", "Mars/Olympus", "autoclosewithouttoken", "maybe",
				"pointsexpirydays", 0);
		refused.forEach((field, value) -> {
			ApiClient.Response answer = put(Map.of(field, value));
			assertThat(answer.status()).as(field).isEqualTo(400);
			assertThat(answer.json().get("field").asString()).isEqualTo(field);
		});
		assertThat(put(Map.of("timezone", "")).status()).isEqualTo(400);
		assertThat(put(Map.of("pointsexpirydays", -3)).status()).isEqualTo(400);
		assertThat(put(Map.of("pointsexpirydays", 1.5)).status()).isEqualTo(400);
		assertThat(this.api.get("/organisation", this.tenant.admin()).json().at("/organisation/timezone").asString())
			.isEqualTo("UTC");
		assertThat(this.api.send("PUT", "/organisation", this.tenant.coordinator(), Map.of("timezone", "UTC"), Map.of())
			.status()).isEqualTo(403);
	}

	private ApiClient.Response put(Map<String, Object> body) {
		return this.api.send("PUT", "/organisation", this.tenant.admin(), body, Map.of());
	}

}
