package dev.podium.platform.error;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ApiErrorTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void theBodyHasTheSeedsFieldsAndNoStatus() {
		String body = this.json.writeValueAsString(ApiException.badRequest("page", "page must be positive").error());

		assertThat(body)
			.isEqualTo("{\"code\":\"invalid_page\",\"error\":\"page must be positive\",\"field\":\"page\"}");
	}

	@Test
	void extraFieldsAreWrittenBesideTheStandardOnes() {
		ApiException conflict = ApiException.conflict("insufficient_points", "insufficient points")
			.with("balance", 40L);

		String body = this.json.writeValueAsString(conflict.error());

		assertThat(conflict.error().status()).isEqualTo(409);
		assertThat(body)
			.isEqualTo("{\"code\":\"insufficient_points\",\"error\":\"insufficient points\",\"balance\":40}");
	}

	@Test
	void anExtraFieldCannotReplaceAStandardOne() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ApiException.conflict("x", "y").with("error", "internals"));
	}

}
