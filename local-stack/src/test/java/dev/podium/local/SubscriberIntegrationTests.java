package dev.podium.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Pattern;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import dev.podium.contracts.MessageTypes;
import dev.podium.contracts.Topics;
import dev.podium.platform.testing.ApiClient;
import dev.podium.platform.testing.RealInfrastructure;
import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.kafka.CloudEventDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads Podium's topics as a subscriber would: a plain Kafka consumer in its own group,
 * the CloudEvents Java SDK to read each record, and the contracts jar's AsyncAPI document
 * and JSON Schemas to check the headers and the data.
 */
class SubscriberIntegrationTests extends StackTestSupport {

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	private static final Pattern RFC_3339_UTC = Pattern
		.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * A preview, a close, a manual grant and its revocation, a delete and an activity:
	 * every message type but compute and auto-close, read back from the topics.
	 */
	@Test
	void aSubscriberReadsEveryMessageAsAValidCloudEventAndEachParticipantsEventsNumberedGapFree() {
		long badge = badge("Top stepper");
		long kindWords = badge("Kind words");
		jdbc.sql(
				"insert into participant (organisation_id, participant_type, participant_id, name) values (:o, 2, 1, 'Ada')")
			.param("o", this.tenant.organisationId())
			.update();
		long challenge = challengeWithResults("subscribed", badge, 30, 12, 9);

		ApiClient.Response previewed = api.post("/challenges/preview?id=" + challenge, this.tenant.admin(), null,
				Map.of("Prefer", "wait=30"));
		ApiClient.Response closed = api.post("/challenges/close?id=" + challenge, this.tenant.admin(), null,
				Map.of("Prefer", "wait=30"));
		ApiClient.Response granted = api.post("/badges/grant", this.tenant.admin(),
				Map.of("badgeid", kindWords, "participanttype", 2, "participantid", 1));
		ApiClient.Response revoked = api.post("/badges/revoke", this.tenant.admin(),
				Map.of("grantid", granted.json().get("id").asLong(), "reason", "granted by mistake"));
		ApiClient.Response deleted = api.send("DELETE", "/challenges?id=" + challenge, this.tenant.admin(), null,
				Map.of("Prefer", "wait=30"));
		ApiClient.Response activity = api.post("/activities", this.tenant.admin(), List.of(Map.of("id", "subscriber-1",
				"occurredat", "2026-10-05T10:00:00Z", "participants", Map.of("user", 1), "kind", "session")));

		assertThat(previewed.status()).as(previewed.text()).isEqualTo(200);
		assertThat(closed.status()).as(closed.text()).isEqualTo(200);
		assertThat(granted.status()).as(granted.text()).isEqualTo(201);
		assertThat(revoked.status()).as(revoked.text()).isEqualTo(200);
		assertThat(deleted.status()).as(deleted.text()).isEqualTo(200);
		assertThat(activity.status()).as(activity.text()).isEqualTo(202);
		Map<String, Integer> expected = Map.ofEntries(Map.entry(MessageTypes.PREVIEW_CLOSE, 1),
				Map.entry(MessageTypes.CLOSE_CHALLENGE, 1), Map.entry(MessageTypes.DELETE_CHALLENGE, 1),
				Map.entry(MessageTypes.JOB_FINISHED, 3), Map.entry(MessageTypes.ACTIVITY_RECORDED, 1),
				Map.entry(MessageTypes.CHALLENGE_CLOSED, 1), Map.entry(MessageTypes.POINTS_RECORDED, 2),
				Map.entry(MessageTypes.BADGE_GRANTED, 3), Map.entry(MessageTypes.BADGE_REVOKED, 3),
				Map.entry(MessageTypes.POINTS_REMOVED, 2));
		List<ConsumerRecord<String, byte[]>> records = readOurMessages(expected);

		String source = "/podium/organisations/" + this.tenant.organisationId();
		Map<String, Integer> byType = new HashMap<>();
		Map<String, List<Long>> sequencesByParticipant = new LinkedHashMap<>();
		try (CloudEventDeserializer cloudEvents = new CloudEventDeserializer()) {
			for (ConsumerRecord<String, byte[]> record : records) {
				CloudEvent event = cloudEvents.deserialize(record.topic(), record.headers(), record.value());
				String type = event.getType();
				byType.merge(type, 1, Integer::sum);
				String message = Contract.message(record.topic(), type);
				JsonNode data = JSON.readTree(event.getData().toBytes());

				assertThat(event.getSpecVersion()).isEqualTo(SpecVersion.V1);
				assertThat(UUID.fromString(event.getId())).isNotNull();
				assertThat(event.getSource()).isEqualTo(URI.create(source));
				assertThat(event.getSubject()).isNotBlank();
				assertThat(event.getTime()).as(type + " time").isNotNull();
				assertThat(header(record, "ce_time")).matches(RFC_3339_UTC);
				assertThat(event.getDataContentType()).isEqualTo("application/json");
				assertThat(Contract.errors(Contract.headers(message), headers(record))).as(type + " headers").isEmpty();
				assertThat(Contract.errors(Contract.payload(message), data)).as(type + " data").isEmpty();
				assertThat(data.get("organisationId").asLong()).isEqualTo(this.tenant.organisationId());
				if (Topics.PARTICIPANT_EVENTS.equals(record.topic())) {
					String participant = data.get("participantType").asInt() + ":" + data.get("participantId").asLong();
					assertThat(record.key()).isEqualTo(participant);
					assertThat(event.getSubject()).isEqualTo("participants/" + participant);
					assertThat(event.getExtension("sequence"))
						.isEqualTo("%019d".formatted(data.get("sequence").asLong()));
					sequencesByParticipant.computeIfAbsent(participant, (key) -> new ArrayList<>())
						.add(data.get("sequence").asLong());
				}
				else {
					assertThat(event.getExtension("sequence")).isNull();
				}
			}
		}

		assertThat(byType).isEqualTo(expected);
		assertThat(sequencesByParticipant).containsOnlyKeys("2:1", "2:2");
		assertThat(sequencesByParticipant.get("2:1"))
			.as("points, badge, manual badge, its revocation, then the delete's removal and revocation")
			.containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
		assertThat(sequencesByParticipant.get("2:2")).containsExactly(1L, 2L, 3L, 4L);
	}

	/**
	 * Reads every topic from the beginning with a consumer of its own, keeping this
	 * organisation's messages (by {@code ce_source}), de-duplicated by {@code ce_id} as a
	 * subscriber does, until the expected number of each type arrived or the deadline
	 * passed; then a little longer, to see any message too many.
	 */
	private List<ConsumerRecord<String, byte[]>> readOurMessages(Map<String, Integer> expected) {
		String source = "/podium/organisations/" + this.tenant.organisationId();
		Properties props = new Properties();
		props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.bootstrapServers());
		props.put(ConsumerConfig.GROUP_ID_CONFIG, "subscriber-" + UUID.randomUUID());
		props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
		props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
		Map<String, ConsumerRecord<String, byte[]>> byId = new LinkedHashMap<>();
		Map<String, Integer> counted = new HashMap<>();
		long end = System.nanoTime() + DEADLINE.toNanos();
		long settled = Long.MAX_VALUE;
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
			consumer.subscribe(Topics.ALL);
			while (System.nanoTime() < Math.min(end, settled)) {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					if (source.equals(header(record, "ce_source"))
							&& byId.putIfAbsent(header(record, "ce_id"), record) == null) {
						counted.merge(header(record, "ce_type"), 1, Integer::sum);
					}
				}
				if (settled == Long.MAX_VALUE && counted.equals(expected)) {
					settled = System.nanoTime() + Duration.ofSeconds(1).toNanos();
				}
			}
		}
		return new ArrayList<>(byId.values());
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static JsonNode headers(ConsumerRecord<?, ?> record) {
		ObjectNode headers = JSON.createObjectNode();
		record.headers()
			.forEach((header) -> headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8)));
		return headers;
	}

	private long badge(String name) {
		return jdbc.sql("insert into badge (organisation_id, name) values (:o, :name) returning id")
			.param("o", this.tenant.organisationId())
			.param("name", name)
			.query(Long.class)
			.single();
	}

	/**
	 * The contracts jar's documents as a subscriber uses them: the AsyncAPI document
	 * names each topic's messages, their header schema and their payload's JSON Schema
	 * file.
	 */
	private static final class Contract {

		private static final String LOCATION = "https://podium.invalid/asyncapi.json";

		private static final SchemaRegistryConfig ASSERT_FORMATS = SchemaRegistryConfig.builder()
			.formatAssertionsEnabled(true)
			.build();

		private static final JsonNode DOCUMENT = read("/asyncapi.yaml", new YAMLMapper());

		private static final SchemaRegistry HEADERS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7,
				(builder) -> builder.schemaRegistryConfig(ASSERT_FORMATS)
					.schemas(Map.of(LOCATION, JSON.writeValueAsString(DOCUMENT))));

		private static final SchemaRegistry PAYLOADS = SchemaRegistry.withDefaultDialect(
				SpecificationVersion.DRAFT_2020_12, (builder) -> builder.schemaRegistryConfig(ASSERT_FORMATS));

		/** The JSON pointer of the message of a type that the topic's channel carries. */
		static String message(String topic, String type) {
			for (JsonNode channel : DOCUMENT.get("channels")) {
				if (channel.get("address").asString().equals(topic)) {
					for (JsonNode message : channel.get("messages")) {
						String pointer = message.get("$ref").asString().substring(1);
						if (DOCUMENT.at(pointer).get("name").asString().equals(type)) {
							return pointer;
						}
					}
				}
			}
			throw new AssertionError("the AsyncAPI document has no " + type + " on " + topic);
		}

		static Schema headers(String message) {
			return HEADERS.getSchema(SchemaLocation.of(LOCATION + "#" + message + "/headers"));
		}

		static Schema payload(String message) {
			String file = DOCUMENT.at(message + "/payload/schema/$ref").asString();
			return PAYLOADS.getSchema(SchemaLocation.of("classpath:" + file.replaceFirst("^\\./", "")));
		}

		static List<String> errors(Schema schema, JsonNode instance) {
			return schema.validate(instance).stream().map(Error::toString).toList();
		}

		private static JsonNode read(String resource, ObjectMapper mapper) {
			try (InputStream in = SubscriberIntegrationTests.class.getResourceAsStream(resource)) {
				return mapper.readTree(in);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
