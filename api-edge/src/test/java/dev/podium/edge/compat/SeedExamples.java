package dev.podium.edge.compat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seeds' example payloads, copied verbatim into {@code src/test/resources/seeds}, and
 * a check that an answer has every field of an example with the example's JSON type.
 */
public final class SeedExamples {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private SeedExamples() {
	}

	/** An example payload, e.g. {@code 003-create-request.json}. */
	public static JsonNode example(String name) {
		try (InputStream in = SeedExamples.class.getResourceAsStream("/seeds/" + name)) {
			if (in == null) {
				throw new IllegalArgumentException("no seed example " + name);
			}
			return JSON.readTree(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Asserts that {@code actual} has every field of {@code example}, at every depth,
	 * with the example's JSON type. Paths name fields with dots and array items with
	 * {@code []} ({@code rewards[].details.title}). A field may be null only when its
	 * path is in {@code nullable}; an array the example fills may be empty only when its
	 * path is in {@code empty}; each item of a filled array is checked against the
	 * example's first item.
	 */
	public static void assertShape(JsonNode example, JsonNode actual, Set<String> nullable, Set<String> empty) {
		List<String> problems = new ArrayList<>();
		check("", example, actual, nullable, empty, problems);
		assertThat(problems).as("fields of the seed's example missing or of another type in\n" + actual).isEmpty();
	}

	private static void check(String path, JsonNode example, JsonNode actual, Set<String> nullable, Set<String> empty,
			List<String> problems) {
		String name = path.isEmpty() ? "(root)" : path;
		if (actual == null || actual.isMissingNode()) {
			problems.add(name + ": missing");
			return;
		}
		if (actual.isNull() && !example.isNull()) {
			if (!nullable.contains(path)) {
				problems.add(name + ": null, the example has " + example.getNodeType());
			}
			return;
		}
		if (type(actual) != type(example)) {
			problems.add(name + ": " + actual.getNodeType() + ", the example has " + example.getNodeType());
			return;
		}
		if (example.isObject()) {
			for (var field : example.properties()) {
				String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
				check(child, field.getValue(), actual.get(field.getKey()), nullable, empty, problems);
			}
		}
		else if (example.isArray() && !example.isEmpty()) {
			if (actual.isEmpty()) {
				if (!empty.contains(path)) {
					problems.add(name + ": empty, the example fills it");
				}
				return;
			}
			for (JsonNode item : actual) {
				check(path + "[]", example.get(0), item, nullable, empty, problems);
			}
		}
	}

	private static JsonNodeType type(JsonNode node) {
		return node.getNodeType();
	}

}
