package dev.podium.edge.activity;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.podium.contracts.ActivityRecorded;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The body the edge writes for a row, straight from the row's tree, is the record
 * {@link ActivityRecorded} serialised: the same bytes, field for field.
 */
class ActivityBodyTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ActivityController controller = new ActivityController(null, JSON, Clock.systemUTC());

	@Test
	void aRowWithOnlyTheRequiredFieldsIsTheRecordWithItsDefaults() {
		ActivityController.Accepted accepted = this.controller.accept(7, JSON.readTree("""
				{"id":"a1","occurredat":"2026-11-02T10:00:00+01:00","participants":{"user":17},"kind":"session"}
				"""));

		assertThat(accepted.key()).isEqualTo("2:17");
		assertThat(accepted.id()).isEqualTo("a1");
		assertThat(accepted.body()).isEqualTo(JSON.writeValueAsString(new ActivityRecorded(7, "a1",
				Instant.parse("2026-11-02T09:00:00Z"), new ActivityRecorded.Participants(null, null, 17L, null),
				"session", null, BigDecimal.ONE, Map.of(), null)));
	}

	@Test
	void everyFieldOfARowIsTheRecordsFieldWithItsAttributesAsTheyCame() {
		ActivityController.Accepted accepted = this.controller.accept(7, JSON.readTree("""
				{"kind":"observation","id":42,"occurredat":"2026-11-02T10:00:00.123456Z","outcome":false,
				 "value":12.5,"participants":{"site":1,"unit":2,"user":3,"group":4},
				 "attributes":{"moment":"{x}","n":3,"f":1.5,"big":123456789012345678901,"list":[1,"two",null],
				               "nested":{"é":"séance, \\"long\\""}},
				 "names":{"unit":" Ward 2 ","user":"Ada"},"unknown":"ignored"}
				"""));
		Map<String, Object> attributes = new LinkedHashMap<>();
		attributes.put("moment", "{x}");
		attributes.put("n", 3);
		attributes.put("f", 1.5);
		attributes.put("big", new java.math.BigInteger("123456789012345678901"));
		attributes.put("list", java.util.Arrays.asList(1, "two", null));
		attributes.put("nested", Map.of("é", "séance, \"long\""));

		assertThat(accepted.key()).isEqualTo("2:3");
		assertThat(accepted.body()).isEqualTo(
				JSON.writeValueAsString(new ActivityRecorded(7, "42", Instant.parse("2026-11-02T10:00:00.123456Z"),
						new ActivityRecorded.Participants(1L, 2L, 3L, 4L), "observation", false, new BigDecimal("12.5"),
						attributes, new ActivityRecorded.Names(null, "Ward 2", "Ada", null))));
		assertThat(JSON.readValue(accepted.body(), ActivityRecorded.class).attributes().keySet())
			.containsExactlyElementsOf(List.of("moment", "n", "f", "big", "list", "nested"));
	}

	@Test
	void occurredAtIsReadAsTheParserReadsItAndRefusedWhereTheParserRefusesIt() {
		for (String text : List.of("2026-11-02T10:00:00Z", "2026-11-02T10:00:00.1Z", "2026-11-02T10:00:00.123456789Z",
				"2026-11-02T10:00:00.1234567891Z", "2026-11-02T10:00:00+01:00", "2026-11-02T10:00:00-00:30",
				"2026-11-02T10:00:00.5+14:00", "2026-11-02T10:00:00+18:00", "2026-11-02T10:00:00+18:01",
				"2026-11-02T10:00:00+01:60", "2026-11-02t10:00:00z", "2026-11-02T10:00Z", "2026-11-02T10:00:00+0100",
				"2026-11-02T10:00:00+01", "2026-11-02T10:00:00+01:00:30", "2026-11-02T10:00:00", "2026-02-29T10:00:00Z",
				"2028-02-29T10:00:00Z", "2026-02-30T10:00:00Z", "2026-13-01T10:00:00Z", "2026-11-02T24:00:00Z",
				"2026-11-02T23:59:60Z", "2026-11-02T10:00:00.Z", "0000-01-01T00:00:00Z", "+12026-11-02T10:00:00Z",
				"2026-11-02 10:00:00Z", "2026-11-02T10:00:00Z ", "")) {
			Object expected;
			try {
				expected = OffsetDateTime.parse(text);
			}
			catch (DateTimeException ex) {
				expected = "refused";
			}
			Object read;
			try {
				read = ActivityController.offsetDateTime(text);
			}
			catch (DateTimeException ex) {
				read = "refused";
			}
			assertThat(read).as(text).isEqualTo(expected);
		}
	}

}
