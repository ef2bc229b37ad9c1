package dev.podium.contracts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AsyncAPI document ({@code asyncapi.yaml}) is a valid AsyncAPI 3.0.0 document that
 * documents every topic of {@link Topics#ALL} and every type of {@link MessageTypes#ALL},
 * each with its CloudEvents headers, its key and its JSON Schema, and nothing that does
 * not exist.
 */
class AsyncApiDocumentTests {

	static final String PAYLOAD_FORMAT = "application/schema+json;version=2020-12";

	private static final String DEAD_LETTER_ADDRESS = "{topic}" + Topics.DEAD_LETTER_SUFFIX;

	private final JsonNode document = Documents.asyncApi();

	@Test
	void theDocumentIsValidAgainstTheOfficialAsyncApi300Schema() {
		assertThat(Documents.errors(asyncApiSpecification(), this.document)).isEmpty();
	}

	@Test
	void theOfficialSchemaRejectsABrokenDocument() {
		ObjectNode broken = (ObjectNode) this.document.deepCopy();
		broken.remove("info");
		((ObjectNode) broken.at("/operations/sendJobEvents")).put("action", "publish");
		((ObjectNode) broken.at("/channels/jobEvents")).put("topic", "podium.job-events");

		assertThat(Documents.errors(asyncApiSpecification(), broken)).hasSizeGreaterThanOrEqualTo(3);
	}

	@Test
	void everyTopicHasOneChannelAndEveryChannelIsATopicOrTheDeadLetters() {
		List<String> addresses = new ArrayList<>();
		this.document.get("channels").forEach((channel) -> addresses.add(channel.get("address").asString()));

		assertThat(addresses).containsExactlyInAnyOrderElementsOf(
				Stream.concat(Topics.ALL.stream(), Stream.of(DEAD_LETTER_ADDRESS)).toList());
	}

	@Test
	void theDeadLetterChannelStandsForEveryTopic() {
		JsonNode deadLetters = channelAt(DEAD_LETTER_ADDRESS);
		List<String> topics = new ArrayList<>();
		deadLetters.at("/parameters/topic/enum").forEach((topic) -> topics.add(topic.asString()));

		assertThat(topics).containsExactlyInAnyOrderElementsOf(Topics.ALL);
		assertThat(Topics.deadLetter(Topics.COMMANDS))
			.isEqualTo(DEAD_LETTER_ADDRESS.replace("{topic}", Topics.COMMANDS));
	}

	@Test
	void everyMessageTypeIsDocumentedOnceOnATopicAndNothingElseIs() {
		List<String> onTopics = new ArrayList<>();
		for (String topic : Topics.ALL) {
			if (!topic.equals(Topics.BULK_COMMANDS)) {
				onTopics.addAll(typesOn(topic));
			}
		}
		List<String> components = new ArrayList<>();
		this.document.at("/components/messages").forEach((message) -> components.add(message.get("name").asString()));

		assertThat(onTopics).containsExactlyInAnyOrderElementsOf(MessageTypes.ALL.keySet());
		assertThat(components).containsExactlyInAnyOrderElementsOf(
				Stream.concat(MessageTypes.ALL.keySet().stream(), Stream.of("dead-letter")).toList());
	}

	@Test
	void theBulkLaneCarriesTheCommandsOfTheStandardLane() {
		assertThat(typesOn(Topics.BULK_COMMANDS)).containsExactlyElementsOf(typesOn(Topics.COMMANDS));
	}

	private List<String> typesOn(String topic) {
		List<String> types = new ArrayList<>();
		channelAt(topic).get("messages").forEach((message) -> types.add(resolve(message).get("name").asString()));
		return types;
	}

	@ParameterizedTest
	@MethodSource("types")
	void eachMessageNamesItsJsonSchemaKeyAndCloudEventsHeaders(String type) {
		JsonNode message = message(type);

		assertThat(message.get("contentType").asString()).isEqualTo("application/json");
		assertThat(message.at("/payload/schemaFormat").asString()).isEqualTo(PAYLOAD_FORMAT);
		assertThat(message.at("/payload/schema/$ref").asString()).isEqualTo("./schemas/" + type + ".json");
		assertThat(getClass().getResource("/schemas/" + type + ".json")).as("schema file of " + type).isNotNull();
		assertThat(resolve(message.at("/bindings/kafka/key")).get("type").asString()).isEqualTo("string");
		assertThat(message.at("/bindings/kafka/bindingVersion").asString()).isEqualTo("0.5.0");
		Map<String, JsonNode> headers = headerProperties(message.get("headers"));
		assertThat(headers.get("ce_type").get("const").asString()).isEqualTo(type);
		assertThat(headers).containsKeys("ce_specversion", "ce_id", "ce_source", "ce_subject", "ce_time",
				"content-type");
		boolean participantEvent = channelOf(type).get("address").asString().equals(Topics.PARTICIPANT_EVENTS);
		assertThat(headers.containsKey("ce_sequence")).as("ce_sequence of " + type).isEqualTo(participantEvent);
	}

	@ParameterizedTest
	@MethodSource("events")
	void eachEventHasAnExampleWhoseHeadersAndPayloadAreValid(String type) {
		JsonNode message = message(type);
		Schema headers = Documents.asyncApiSchema(pointer(message) + "/headers");
		Schema payload = Documents.schema(type);

		assertThat(message.get("examples")).as("examples of " + type).isNotEmpty();
		for (JsonNode example : message.get("examples")) {
			assertThat(Documents.errors(headers, example.get("headers"))).isEmpty();
			assertThat(Documents.errors(payload, example.get("payload"))).isEmpty();
			if (example.at("/headers/ce_sequence").isString()) {
				assertThat(example.at("/headers/ce_sequence").asString())
					.isEqualTo("%019d".formatted(example.at("/payload/sequence").asLong()));
			}
		}
	}

	@Test
	void theHeaderSchemasRejectWhatASubscriberCouldNotRelyOn() {
		JsonNode example = message(MessageTypes.BADGE_GRANTED).at("/examples/0/headers");
		Schema headers = Documents.asyncApiSchema(pointer(message(MessageTypes.BADGE_GRANTED)) + "/headers");

		assertThat(Documents.errors(headers, without(example, "ce_sequence"))).isNotEmpty();
		assertThat(Documents.errors(headers, without(example, "ce_id"))).isNotEmpty();
		assertThat(Documents.errors(headers, with(example, "ce_type", MessageTypes.BADGE_REVOKED))).isNotEmpty();
		assertThat(Documents.errors(headers, with(example, "ce_time", "2026-11-01T00:00Z"))).isNotEmpty();
		assertThat(Documents.errors(headers, with(example, "ce_time", "2026-11-01T01:00:00+01:00"))).isNotEmpty();
		assertThat(Documents.errors(headers, with(example, "ce_sequence", "8"))).isNotEmpty();
		assertThat(Documents.errors(headers, with(example, "ce_source", "podium"))).isNotEmpty();
		assertThat(Documents.errors(headers, with(example, "traceparent", "00-0af7651916cd43dd-01")))
			.as("other headers are allowed")
			.isEmpty();
	}

	@Test
	void everyReferenceResolves() {
		List<String> references = new ArrayList<>();
		collectReferences(this.document, references);

		assertThat(references).isNotEmpty().allSatisfy((reference) -> {
			if (reference.startsWith("#/")) {
				assertThat(this.document.at(reference.substring(1)).isMissingNode()).as(reference).isFalse();
			}
			else {
				assertThat(reference).startsWith("./schemas/");
				assertThat(getClass().getResource("/" + reference.substring(2))).as(reference).isNotNull();
			}
		});
	}

	@Test
	void everyChannelHasAnOperationAndEachOperationOnlyItsChannelsMessages() {
		Map<String, List<String>> operationsByChannel = new LinkedHashMap<>();
		this.document.get("operations").forEach((operation) -> {
			String channel = operation.at("/channel/$ref").asString();
			operationsByChannel.computeIfAbsent(channel, (key) -> new ArrayList<>())
				.add(operation.get("action").asString());
			assertThat(operation.get("messages")).isNotEmpty()
				.allSatisfy((message) -> assertThat(message.get("$ref").asString()).startsWith(channel + "/messages/"));
		});

		this.document.get("channels")
			.propertyNames()
			.forEach((channel) -> assertThat(operationsByChannel).containsKey("#/channels/" + channel));
	}

	static Stream<String> types() {
		return MessageTypes.ALL.keySet().stream().sorted();
	}

	static Stream<String> events() {
		return types().filter((type) -> !type.startsWith("podium.command."));
	}

	private static Schema asyncApiSpecification() {
		return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
			.getSchema(SchemaLocation.of("classpath:asyncapi-spec/asyncapi-3.0.0-without-id.json"));
	}

	private JsonNode channelAt(String address) {
		for (JsonNode channel : this.document.get("channels")) {
			if (channel.get("address").asString().equals(address)) {
				return channel;
			}
		}
		throw new AssertionError("no channel for " + address);
	}

	private JsonNode channelOf(String type) {
		for (JsonNode channel : this.document.get("channels")) {
			for (JsonNode message : channel.get("messages")) {
				if (resolve(message).get("name").asString().equals(type)) {
					return channel;
				}
			}
		}
		throw new AssertionError("no channel carries " + type);
	}

	private JsonNode message(String type) {
		for (JsonNode message : this.document.at("/components/messages")) {
			if (message.get("name").asString().equals(type)) {
				return message;
			}
		}
		throw new AssertionError("no message " + type);
	}

	private String pointer(JsonNode message) {
		for (String id : this.document.at("/components/messages").propertyNames()) {
			if (this.document.at("/components/messages/" + id) == message) {
				return "/components/messages/" + id;
			}
		}
		throw new AssertionError("not a message of the components");
	}

	/** Follows a local {@code $ref}, or answers the node itself. */
	private JsonNode resolve(JsonNode node) {
		JsonNode reference = node.get("$ref");
		return (reference != null) ? resolve(this.document.at(reference.asString().substring(1))) : node;
	}

	/** The header properties a header schema defines, through its refs and allOf. */
	private Map<String, JsonNode> headerProperties(JsonNode schema) {
		Map<String, JsonNode> properties = new LinkedHashMap<>();
		JsonNode resolved = resolve(schema);
		if (resolved.has("allOf")) {
			resolved.get("allOf").forEach((part) -> headerProperties(part).forEach((name, property) -> {
				ObjectNode merged = (properties.get(name) != null) ? (ObjectNode) properties.get(name).deepCopy()
						: Documents.JSON.createObjectNode();
				merged.setAll((ObjectNode) property);
				properties.put(name, merged);
			}));
		}
		if (resolved.has("properties")) {
			resolved.get("properties")
				.properties()
				.forEach((entry) -> properties.put(entry.getKey(), entry.getValue()));
		}
		return properties;
	}

	private static void collectReferences(JsonNode node, List<String> references) {
		if (node.isObject()) {
			node.properties().forEach((entry) -> {
				if (entry.getKey().equals("$ref") && entry.getValue().isString()) {
					references.add(entry.getValue().asString());
				}
				else {
					collectReferences(entry.getValue(), references);
				}
			});
		}
		else if (node.isArray()) {
			node.forEach((element) -> collectReferences(element, references));
		}
	}

	private static JsonNode without(JsonNode object, String field) {
		ObjectNode copy = (ObjectNode) object.deepCopy();
		copy.remove(field);
		return copy;
	}

	private static JsonNode with(JsonNode object, String field, String value) {
		ObjectNode copy = (ObjectNode) object.deepCopy();
		copy.put(field, value);
		return copy;
	}

}
