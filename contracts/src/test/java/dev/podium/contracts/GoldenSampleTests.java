package dev.podium.contracts;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every message type has a golden sample (added, never edited) that parses into its
 * record and writes back to the same JSON: what subscribers coded against keeps working.
 */
class GoldenSampleTests {

	private final JsonMapper json = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	@Test
	void everyTypeHasASampleThatRoundTrips() throws IOException {
		for (Map.Entry<String, Class<? extends Record>> type : MessageTypes.ALL.entrySet()) {
			JsonNode sample = sample(type.getKey());
			Record parsed = this.json.treeToValue(sample, type.getValue());
			JsonNode written = this.json.valueToTree(parsed);
			assertThat(written.toString()).as(type.getKey()).isEqualTo(sample.toString());
		}
	}

	@Test
	void everyTypeNameEndsInAVersion() {
		assertThat(MessageTypes.ALL.keySet()).allMatch((name) -> name.matches("podium\\.[a-z.-]+\\.v\\d+"));
	}

	@Test
	void eachRecordDeclaresTheTypeItIsRegisteredUnder() throws ReflectiveOperationException {
		for (Map.Entry<String, Class<? extends Record>> type : MessageTypes.ALL.entrySet()) {
			assertThat(type.getValue().getField("TYPE").get(null)).isEqualTo(type.getKey());
		}
	}

	@Test
	void consumersIgnoreFieldsTheyDoNotKnow() {
		JsonMapper lenient = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
		CloseChallenge command = lenient
			.readValue("{\"jobId\":1,\"organisationId\":2,\"challengeId\":3,\"later\":true}", CloseChallenge.class);
		assertThat(command).isEqualTo(new CloseChallenge(1, 2, 3));
	}

	private JsonNode sample(String type) throws IOException {
		try (InputStream in = getClass().getResourceAsStream("/samples/" + type + ".json")) {
			assertThat(in).as("golden sample of " + type).isNotNull();
			return this.json.readTree(in);
		}
	}

}
