package dev.podium.edge.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.podium.edge.docs.ApiDocument.Operation;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document is a valid OpenAPI 3.1 document (swagger-parser reports nothing,
 * and each schema is valid JSON Schema 2020-12), every operation names its roles and
 * lists the answers a token check can give, and every error answer has the shared error
 * body.
 */
class OpenApiDocumentTests {

	private static final Set<String> ROLES = Set.of("admin", "coordinator", "viewer", "participant");

	private static final String ERROR_SCHEMA = "#/components/schemas/Error";

	@Test
	void theDocumentIsAValidOpenApi31DocumentWithoutMessages() {
		SwaggerParseResult result = parse(ApiDocument.text());

		assertThat(result.getMessages()).isEmpty();
		assertThat(result.getOpenAPI().getSpecVersion()).isEqualTo(SpecVersion.V31);
		assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
	}

	@Test
	void theParserReportsABrokenDocument() {
		String broken = ApiDocument.text()
			.replace("  /challenges/clone:\n    post:\n", "  /challenges/clone:\n    post:\n      responses: 12\n")
			.replace("openapi: 3.1.0\ninfo:\n  title: Podium REST API\n", "openapi: 3.1.0\ninfo:\n");

		assertThat(parse(broken).getMessages()).isNotEmpty();
	}

	@Test
	void everySchemaIsValidJsonSchema202012() {
		List<String> errors = new ArrayList<>();
		ApiDocument.tree()
			.at("/components/schemas")
			.properties()
			.forEach((schema) -> ApiDocument.errors(ApiDocument.metaSchema(), schema.getValue())
				.forEach((error) -> errors.add(schema.getKey() + ": " + error)));

		assertThat(errors).isEmpty();
	}

	@Test
	void everyOperationNamesTheRolesThatMayCallItAndWhetherItNeedsAToken() {
		for (Operation operation : ApiDocument.operations()) {
			assertThat(operation.node().get("operationId")).as(operation.key()).isNotNull();
			if (operation.takesToken()) {
				assertThat(operation.roles()).as(operation.key() + " x-roles").isNotEmpty().isSubsetOf(ROLES);
			}
			boolean anonymous = operation.node().path("x-anonymous").asBoolean(false);
			assertThat(operation.anonymous()).as(operation.key() + " security allows no token").isEqualTo(anonymous);
		}
	}

	@Test
	void everyOperationThatNeedsATokenListsTheTokenAnswers() {
		List<String> missing = new ArrayList<>();
		for (Operation operation : ApiDocument.operations()) {
			if (!operation.takesToken()) {
				continue;
			}
			JsonNode responses = operation.node().get("responses");
			// 401: no token or a bad one (also an anonymous hook whose organisation wants
			// one).
			expect(missing, operation, responses, "401");
			expect(missing, operation, responses, "429");
			expect(missing, operation, responses, "500");
			// 403 wherever a role can be denied.
			if (!Set.copyOf(operation.roles()).containsAll(ROLES)) {
				expect(missing, operation, responses, "403");
			}
			if (operation.method().equals("POST")) {
				expect(missing, operation, responses, "409");
				expect(missing, operation, responses, "422");
			}
			if (operation.node().has("requestBody")) {
				expect(missing, operation, responses, "413");
			}
		}

		assertThat(missing).isEmpty();
	}

	@Test
	void everyErrorAnswerHasTheSharedErrorBody() {
		List<String> wrong = new ArrayList<>();
		for (Operation operation : ApiDocument.operations()) {
			operation.node().get("responses").properties().forEach((answer) -> {
				if (answer.getKey().startsWith("4") || answer.getKey().startsWith("5")) {
					JsonNode response = ApiDocument.resolve(answer.getValue());
					JsonNode content = response.get("content");
					if (content == null || content.size() != 1
							|| !ERROR_SCHEMA.equals(content.at("/application~1json/schema/$ref").asString(null))) {
						wrong.add(operation.key() + " " + answer.getKey());
					}
				}
			});
		}

		assertThat(wrong).isEmpty();
		assertThat(ApiDocument.tree().at("/components/schemas/Error/required").toString())
			.isEqualTo("[\"code\",\"error\"]");
	}

	@Test
	void theResponseSchemasRejectAnswersThatDriftFromTheDocument() {
		JsonNode job = ApiDocument.JSON.readTree("""
				{"id":7,"type":"close","status":"succeeded","challengeid":3,"progress":100,"result":{"winners":2},
				 "error":null,"createdat":"2026-11-01T09:00:00Z","startedat":"2026-11-01T09:00:01.5Z",
				 "finishedat":"2026-11-01T09:00:02Z"}""");
		var schema = ApiDocument.responseSchema("GET", "/jobs/{id}", 200, "application/json");

		assertThat(ApiDocument.errors(schema, job)).isEmpty();
		assertThat(
				ApiDocument.errors(schema, ((tools.jackson.databind.node.ObjectNode) job.deepCopy()).put("extra", 1)))
			.isNotEmpty();
		tools.jackson.databind.node.ObjectNode withoutId = (tools.jackson.databind.node.ObjectNode) job.deepCopy();
		withoutId.remove("id");
		assertThat(ApiDocument.errors(schema, withoutId)).isNotEmpty();
		assertThat(ApiDocument.errors(schema,
				((tools.jackson.databind.node.ObjectNode) job.deepCopy()).put("createdat", "yesterday")))
			.isNotEmpty();
		assertThat(ApiDocument.errors(ApiDocument.responseSchema("GET", "/jobs/{id}", 404, "application/json"),
				ApiDocument.JSON.readTree("{\"error\":\"job not found\"}")))
			.isNotEmpty();
	}

	private static void expect(List<String> missing, Operation operation, JsonNode responses, String status) {
		if (!responses.has(status)) {
			missing.add(operation.key() + " lacks " + status);
		}
	}

	private static SwaggerParseResult parse(String yaml) {
		ParseOptions options = new ParseOptions();
		options.setResolve(true);
		options.setValidateInternalRefs(true);
		return new OpenAPIV3Parser().readContents(yaml, null, options);
	}

}
