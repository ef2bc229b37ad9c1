package dev.podium.edge.compat;

import java.util.Set;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shape check the seed tests rely on fails where it should.
 */
class SeedExamplesTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final JsonNode EXAMPLE = JSON
		.readTree("{\"a\":\"s\",\"b\":{\"c\":1,\"d\":[{\"e\":true}]},\"f\":[]}");

	@Test
	void anAnswerWithEveryFieldAndTypePasses() {
		assertThatCode(() -> SeedExamples.assertShape(EXAMPLE,
				JSON.readTree("{\"a\":\"x\",\"b\":{\"c\":2.5,\"d\":[{\"e\":false},{\"e\":true}]},\"f\":[1],\"g\":0}"),
				Set.of(), Set.of()))
			.doesNotThrowAnyException();
	}

	@Test
	void aMissingFieldFails() {
		assertThatThrownBy(() -> SeedExamples.assertShape(EXAMPLE,
				JSON.readTree("{\"a\":\"x\",\"b\":{\"d\":[{\"e\":false}]},\"f\":[]}"), Set.of(), Set.of()))
			.hasMessageContaining("b.c: missing");
	}

	@Test
	void anotherTypeFailsAtAnyDepth() {
		assertThatThrownBy(() -> SeedExamples.assertShape(EXAMPLE,
				JSON.readTree("{\"a\":\"x\",\"b\":{\"c\":1,\"d\":[{\"e\":\"true\"}]},\"f\":[]}"), Set.of(), Set.of()))
			.hasMessageContaining("b.d[].e: STRING");
	}

	@Test
	void nullAndEmptyPassOnlyWhereAllowed() {
		JsonNode answer = JSON.readTree("{\"a\":null,\"b\":{\"c\":1,\"d\":[]},\"f\":[]}");

		assertThatThrownBy(() -> SeedExamples.assertShape(EXAMPLE, answer, Set.of(), Set.of()))
			.hasMessageContaining("a: null")
			.hasMessageContaining("b.d: empty");
		assertThatCode(() -> SeedExamples.assertShape(EXAMPLE, answer, Set.of("a"), Set.of("b.d")))
			.doesNotThrowAnyException();
	}

}
