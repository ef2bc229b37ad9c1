package dev.podium.contracts;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.networknt.schema.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every message type has a JSON Schema (draft 2020-12) in {@code schemas/<type>.json}
 * that is exact: closed, every field of its record and no other, every golden sample
 * valid, a field too many or a required one missing rejected, and the records as the
 * outbox writes them valid.
 */
class MessageSchemaTests {

	/**
	 * Writes records as the outbox does (Jackson 3 defaults: instants as ISO strings).
	 */
	private static final JsonMapper OUTBOX_JSON = JsonMapper.builder().build();

	private static final Instant NOW = Instant.parse("2026-11-01T00:00:05.123456Z");

	@Test
	void everyTypeHasASchemaAndEverySchemaIsAType() {
		assertThat(Documents.schemaFiles())
			.containsExactlyInAnyOrderElementsOf(types().map((type) -> type + ".json").toList());
	}

	@ParameterizedTest
	@MethodSource("types")
	void theSchemaIsAValidDraft202012SchemaOfAClosedObject(String type) {
		JsonNode schema = Documents.schemaDocument(type);

		assertThat(Documents.errors(Documents.metaSchema(), schema)).isEmpty();
		assertThat(schema.get("$schema").asString()).isEqualTo(Documents.DRAFT_2020_12);
		assertThat(schema.get("title").asString()).isEqualTo(type);
		assertThat(schema.get("type").asString()).isEqualTo("object");
		assertThat(schema.get("additionalProperties").isBoolean() && !schema.get("additionalProperties").asBoolean())
			.as("additionalProperties: false")
			.isTrue();
		assertThat(schema.get("description").asString()).isNotBlank();
	}

	@ParameterizedTest
	@MethodSource("types")
	void theSchemaHasAPropertyForEveryFieldOfTheRecordAndNoOther(String type) {
		JsonNode schema = Documents.schemaDocument(type);
		List<String> components = Arrays.stream(MessageTypes.ALL.get(type).getRecordComponents())
			.map(RecordComponent::getName)
			.toList();

		assertThat(schema.get("properties").propertyNames()).containsExactlyInAnyOrderElementsOf(components);
		schema.get("required").forEach((field) -> assertThat(components).contains(field.asString()));
		schema.get("properties").forEach((property) -> assertThat(property.get("description")).isNotNull());
	}

	@ParameterizedTest
	@MethodSource("types")
	void theGoldenSampleIsValid(String type) {
		assertThat(Documents.errors(Documents.schema(type), sample(type))).isEmpty();
	}

	@ParameterizedTest
	@MethodSource("types")
	void aSampleWithAFieldTooManyIsRejected(String type) {
		ObjectNode sample = sample(type);
		sample.put("unexpected", 1);

		assertThat(Documents.errors(Documents.schema(type), sample)).isNotEmpty();
	}

	@ParameterizedTest
	@MethodSource("types")
	void aSampleWithoutARequiredFieldIsRejected(String type) {
		Schema schema = Documents.schema(type);
		JsonNode required = Documents.schemaDocument(type).get("required");

		assertThat(required).isNotEmpty();
		for (JsonNode field : required) {
			ObjectNode sample = sample(type);
			sample.remove(field.asString());
			assertThat(Documents.errors(schema, sample)).as("without " + field.asString()).isNotEmpty();
		}
	}

	@ParameterizedTest
	@MethodSource("types")
	void aSampleWithAFieldOfTheWrongTypeIsRejected(String type) {
		Schema schema = Documents.schema(type);
		ObjectNode sample = sample(type);
		sample.put("organisationId", "3");

		assertThat(Documents.errors(schema, sample)).isNotEmpty();
	}

	@Test
	void timesMustBeRfc3339() {
		ObjectNode sample = sample(MessageTypes.JOB_FINISHED);
		sample.put("finishedAt", "2026-11-01 00:00:05");

		assertThat(Documents.errors(Documents.schema(MessageTypes.JOB_FINISHED), sample)).isNotEmpty();
	}

	@Test
	void anAwardNamesItsChallengeAndAGrantItsSource() {
		ObjectNode award = sample(MessageTypes.POINTS_RECORDED);
		award.putNull("challengeId");
		ObjectNode redeemed = sample(MessageTypes.POINTS_RECORDED);
		redeemed.put("reason", 1);
		ObjectNode grant = sample(MessageTypes.BADGE_GRANTED);
		grant.putNull("challengeId");
		ObjectNode activity = sample(MessageTypes.ACTIVITY_RECORDED);
		activity.set("participants",
				OUTBOX_JSON.readTree("{\"site\":null,\"unit\":null,\"user\":null,\"group\":null}"));

		assertThat(Documents.errors(Documents.schema(MessageTypes.POINTS_RECORDED), award)).isNotEmpty();
		assertThat(Documents.errors(Documents.schema(MessageTypes.POINTS_RECORDED), redeemed)).isNotEmpty();
		assertThat(Documents.errors(Documents.schema(MessageTypes.BADGE_GRANTED), grant)).isNotEmpty();
		assertThat(Documents.errors(Documents.schema(MessageTypes.ACTIVITY_RECORDED), activity)).isNotEmpty();
	}

	@Test
	void everyTypeHasRecordsToWrite() {
		assertThat(records().keySet()).containsExactlyInAnyOrderElementsOf(MessageTypes.ALL.keySet());
	}

	@ParameterizedTest
	@MethodSource("types")
	void theRecordsAsTheOutboxWritesThemAreValid(String type) {
		List<Record> records = records().getOrDefault(type, List.of());

		assertThat(records).as("records of " + type).isNotEmpty();
		for (Record record : records) {
			assertThat(record).isInstanceOf(MessageTypes.ALL.get(type));
			JsonNode written = OUTBOX_JSON.valueToTree(record);
			assertThat(Documents.errors(Documents.schema(type), written)).as(written.toString()).isEmpty();
		}
	}

	static Stream<String> types() {
		return MessageTypes.ALL.keySet().stream().sorted();
	}

	/**
	 * Records with realistic values, each nullable field both set and null; participant
	 * events with the sequence the relay gives them.
	 */
	private static Map<String, List<Record>> records() {
		return Map.ofEntries(Map.entry(MessageTypes.CLOSE_CHALLENGE, List.of(new CloseChallenge(17, 3, 42))),
				Map.entry(MessageTypes.COMPUTE_RESULTS, List.of(new ComputeResults(19, 3, 42))),
				Map.entry(MessageTypes.PREVIEW_CLOSE, List.of(new PreviewClose(18, 3, 42))),
				Map.entry(MessageTypes.AUTO_CLOSE, List.of(new AutoClose(20, 3))),
				Map.entry(MessageTypes.EXPIRE_POINTS, List.of(new ExpirePoints(21, 3))),
				Map.entry(MessageTypes.BACKFILL_RULE,
						List.of(new BackfillRule(3, 22, 7, false), new BackfillRule(3, 23, 7, true))),
				Map.entry(MessageTypes.DELETE_CHALLENGE, List.of(new DeleteChallenge(21, 3, 42))),
				Map.entry(MessageTypes.CHALLENGE_CLOSED,
						List.of(new ChallengeClosed(3, 42, "October steps", 120, 6000, NOW),
								new ChallengeClosed(3, 43, "Nobody", 0, 0, NOW.plusSeconds(60).minusNanos(123456000)))),
				Map.entry(MessageTypes.JOB_FINISHED,
						List.of(new JobFinished(17, 3, "close", "succeeded", NOW),
								new JobFinished(19, 3, "compute", "failed", NOW),
								new JobFinished(20, 3, "autoclose", "canceled", NOW))),
				Map.entry(MessageTypes.POINTS_RECORDED,
						List.of(new PointsRecorded(3, 981, 2, 17, "Ada Lovelace", 50, 0, 42L, "October steps", NOW, 7L),
								new PointsRecorded(3, 982, 4, 5, null, -20, 1, null, "", NOW, 1L),
								new PointsRecorded(3, 983, 0, 0, null, -5, 2, null, "expired", NOW, 2L),
								new PointsRecorded(3, 984, 2, 17, "Ada Lovelace", 7, 3, null, "goodwill", NOW, 8L))),
				Map.entry(MessageTypes.POINTS_REMOVED, List.of(new PointsRemoved(3, 981, 2, 17, 50, 0, 42L, NOW, 9L))),
				Map.entry(MessageTypes.BADGE_GRANTED,
						List.of(new BadgeGranted(3, 77, 5, "October champion", 2, 17, "Ada Lovelace", "challenge", 42L,
								null, NOW, 8L),
								new BadgeGranted(3, 78, 6, "Ten sessions", 1, 4, null, "rule", null, 11L, NOW, 1L),
								new BadgeGranted(3, 79, 5, "October champion", 3, 3, "Night shift", "manual", null,
										null, NOW, 2L))),
				Map.entry(MessageTypes.BADGE_REVOKED,
						List.of(new BadgeRevoked(3, 77, 5, 2, 17, "challenge", 42L, "challenge deleted", NOW, 10L),
								new BadgeRevoked(3, 79, 5, 3, 3, "manual", null, "granted by mistake", NOW, 3L))),
				Map.entry(MessageTypes.ACTIVITY_RECORDED, activities()));
	}

	private static List<Record> activities() {
		List<Record> activities = new ArrayList<>();
		activities.add(new ActivityRecorded(3, "obs-2026-10-01-0001", Instant.parse("2026-10-01T08:15:00Z"),
				new ActivityRecorded.Participants(2L, 4L, 17L, 3L), "observation", true, BigDecimal.ONE,
				Map.of("moment", "before-patient", "ward", 7, "flags", List.of("a", "b"))));
		activities.add(new ActivityRecorded(3, "session-9", NOW,
				new ActivityRecorded.Participants(null, null, 17L, null), "session", null, new BigDecimal("2.5"),
				Map.of(), new ActivityRecorded.Names(null, null, "Ada Lovelace", null)));
		activities
			.add(new ActivityRecorded(3, "training-1", NOW, new ActivityRecorded.Participants(2L, null, null, null),
					"training_completion", false, BigDecimal.ONE, null));
		return activities;
	}

	private ObjectNode sample(String type) {
		return (ObjectNode) Documents.read("/samples/" + type + ".json", OUTBOX_JSON);
	}

}
