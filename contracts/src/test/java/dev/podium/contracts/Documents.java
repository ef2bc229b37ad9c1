package dev.podium.contracts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The published documents of the contracts module, as the tests read them: the AsyncAPI
 * document ({@code asyncapi.yaml}) and the JSON Schema of each message type
 * ({@code schemas/<type>.json}), with validators that assert formats.
 */
final class Documents {

	/** Where the AsyncAPI document is registered for its header schemas' references. */
	static final String ASYNCAPI_LOCATION = "https://podium.invalid/asyncapi.json";

	static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final SchemaRegistryConfig ASSERT_FORMATS = SchemaRegistryConfig.builder()
		.formatAssertionsEnabled(true)
		.build();

	private static final SchemaRegistry MESSAGE_SCHEMAS = SchemaRegistry.withDefaultDialect(
			SpecificationVersion.DRAFT_2020_12, (builder) -> builder.schemaRegistryConfig(ASSERT_FORMATS));

	private static JsonNode asyncApi;

	private static SchemaRegistry asyncApiSchemas;

	private Documents() {
	}

	/** The AsyncAPI document, read from YAML. */
	static synchronized JsonNode asyncApi() {
		if (asyncApi == null) {
			asyncApi = read("/asyncapi.yaml", new YAMLMapper());
		}
		return asyncApi;
	}

	/** A message type's JSON Schema document. */
	static JsonNode schemaDocument(String type) {
		return read("/schemas/" + type + ".json", JSON);
	}

	/** A message type's JSON Schema, ready to validate. */
	static Schema schema(String type) {
		return MESSAGE_SCHEMAS.getSchema(SchemaLocation.of("classpath:schemas/" + type + ".json"));
	}

	/** The JSON Schema 2020-12 meta-schema, to validate schemas with. */
	static Schema metaSchema() {
		return MESSAGE_SCHEMAS.getSchema(SchemaLocation.of(DRAFT_2020_12));
	}

	/**
	 * A schema inside the AsyncAPI document (an AsyncAPI Schema Object, a superset of
	 * draft-07), by JSON pointer, e.g. {@code /components/messages/jobFinished/headers}.
	 */
	static synchronized Schema asyncApiSchema(String pointer) {
		if (asyncApiSchemas == null) {
			String document = JSON.writeValueAsString(asyncApi());
			asyncApiSchemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7,
					(builder) -> builder.schemaRegistryConfig(ASSERT_FORMATS)
						.schemas(Map.of(ASYNCAPI_LOCATION, document)));
		}
		return asyncApiSchemas.getSchema(SchemaLocation.of(ASYNCAPI_LOCATION + "#" + pointer));
	}

	/** The errors of a validation, as readable lines; empty when valid. */
	static List<String> errors(Schema schema, JsonNode instance) {
		return schema.validate(instance).stream().map(Error::toString).toList();
	}

	/** The names of the schema files in {@code schemas/}. */
	static List<String> schemaFiles() {
		URL folder = Documents.class.getResource("/schemas");
		try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
			return files.map((file) -> file.getFileName().toString()).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static JsonNode read(String resource, ObjectMapper mapper) {
		try (InputStream in = Documents.class.getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("no resource " + resource);
			}
			return mapper.readTree(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
