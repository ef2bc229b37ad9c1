package dev.podium.edge.docs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The OpenAPI document as the tests read it: its text, its tree, its operations, and the
 * response schemas of each operation ready to validate real answers with (OpenAPI 3.1's
 * schemas are JSON Schema 2020-12; formats are asserted).
 */
public final class ApiDocument {

	/** Where the document is registered, so that its {@code $ref}s resolve inside it. */
	static final String LOCATION = "https://podium.invalid/openapi.json";

	static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final SchemaRegistryConfig ASSERT_FORMATS = SchemaRegistryConfig.builder()
		.formatAssertionsEnabled(true)
		.build();

	private static String text;

	private static JsonNode tree;

	private static SchemaRegistry schemas;

	private ApiDocument() {
	}

	/** The document's YAML, as the edge serves it. */
	static synchronized String text() {
		if (text == null) {
			try (InputStream in = ApiDocument.class.getResourceAsStream(ApiDocumentController.DOCUMENT)) {
				text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return text;
	}

	public static synchronized JsonNode tree() {
		if (tree == null) {
			tree = new YAMLMapper().readTree(text());
		}
		return tree;
	}

	/** Every operation of the document. */
	public static List<Operation> operations() {
		List<Operation> operations = new ArrayList<>();
		tree().get("paths").properties().forEach((path) -> {
			for (String method : METHODS) {
				JsonNode operation = path.getValue().get(method);
				if (operation != null) {
					operations.add(new Operation(method.toUpperCase(java.util.Locale.ROOT), path.getKey(), operation));
				}
			}
		});
		return operations;
	}

	/** A node reached through a local {@code $ref} if it is one. */
	public static JsonNode resolve(JsonNode node) {
		JsonNode ref = node.get("$ref");
		return (ref != null) ? tree().at(pointer(ref.asString())) : node;
	}

	/** The JSON pointer of a local reference ({@code #/components/...}). */
	static String pointer(String ref) {
		if (!ref.startsWith("#")) {
			throw new IllegalArgumentException("not a local reference: " + ref);
		}
		return ref.substring(1);
	}

	/**
	 * The schema of an operation's answer with a status, for a media type.
	 * @throws AssertionError when the document has no such answer
	 */
	static Schema responseSchema(String method, String path, int status, String mediaType) {
		String pointer = "/paths/" + escape(path) + "/" + method.toLowerCase(java.util.Locale.ROOT) + "/responses/"
				+ status;
		JsonNode response = tree().at(pointer);
		if (response.isMissingNode()) {
			throw new AssertionError("the document has no " + status + " answer for " + method + " " + path);
		}
		if (response.has("$ref")) {
			pointer = pointer(response.get("$ref").asString());
			response = tree().at(pointer);
		}
		if (!response.at("/content/" + escape(mediaType) + "/schema").isObject()) {
			throw new AssertionError(
					"the " + status + " answer of " + method + " " + path + " has no " + mediaType + " schema");
		}
		return schemas()
			.getSchema(SchemaLocation.of(LOCATION + "#" + pointer + "/content/" + escape(mediaType) + "/schema"));
	}

	/** The errors of a validation, as readable lines; empty when valid. */
	static List<String> errors(Schema schema, JsonNode instance) {
		return schema.validate(instance).stream().map(Error::toString).toList();
	}

	/** The JSON Schema 2020-12 meta-schema. */
	static Schema metaSchema() {
		return schemas().getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
	}

	/** A schema of the document by JSON pointer. */
	static Schema schemaAt(String pointer) {
		return schemas().getSchema(SchemaLocation.of(LOCATION + "#" + pointer));
	}

	private static synchronized SchemaRegistry schemas() {
		if (schemas == null) {
			String document = JSON.writeValueAsString(tree());
			schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
					(builder) -> builder.schemaRegistryConfig(ASSERT_FORMATS).schemas(Map.of(LOCATION, document)));
		}
		return schemas;
	}

	static String escape(String token) {
		return token.replace("~", "~0").replace("/", "~1");
	}

	/**
	 * An operation of the document.
	 *
	 * @param method the HTTP method, upper case
	 * @param path the path template
	 * @param node the operation object
	 */
	public record Operation(String method, String path, JsonNode node) {

		public String key() {
			return this.method + " " + this.path;
		}

		/** Whether the operation can be called without a token. */
		public boolean anonymous() {
			JsonNode security = this.node.get("security");
			if (security == null) {
				return false;
			}
			for (JsonNode requirement : security) {
				if (requirement.isEmpty()) {
					return true;
				}
			}
			return security.isEmpty();
		}

		/** Whether the operation can be called with a token at all. */
		public boolean takesToken() {
			JsonNode security = this.node.get("security");
			return security == null || !security.isEmpty();
		}

		List<String> roles() {
			List<String> roles = new ArrayList<>();
			JsonNode node = this.node.get("x-roles");
			if (node != null) {
				node.forEach((role) -> roles.add(role.asString()));
			}
			return roles;
		}

	}

}
