package dev.podium.edge.activity;

import java.math.BigDecimal;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Phaser;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.podium.contracts.ActivityRecorded;
import dev.podium.contracts.Topics;
import dev.podium.edge.auth.Allow;
import dev.podium.platform.error.ApiError;
import dev.podium.platform.error.ApiException;
import dev.podium.platform.input.Dates;
import dev.podium.platform.input.Text;
import dev.podium.platform.outbox.Outbox;
import dev.podium.platform.security.Caller;
import dev.podium.platform.security.Role;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /activities}: a JSON array or NDJSON body of up to 10,000 activities. Each
 * is validated on its own; the valid ones are produced to the activities topic
 * ({@code acks=all}, answered only once Kafka has them) and the answer lists the rejected
 * ones by index: a bad row never loses the good ones. The close-worker persists them,
 * idempotent by (organisation, id).
 */
@RestController
class ActivityController {

	static final int MAX_ACTIVITIES = 10_000;

	private static final Logger log = LoggerFactory.getLogger(ActivityController.class);

	private static final Header SPEC_VERSION = header("ce_specversion", "1.0");

	private static final Header TYPE = header("ce_type", ActivityRecorded.TYPE);

	private static final Header CONTENT_TYPE = header("content-type", "application/json");

	private final KafkaTemplate<String, String> kafka;

	private final JsonMapper json;

	private final Clock clock;

	ActivityController(KafkaTemplate<String, String> kafka, JsonMapper json, Clock clock) {
		this.kafka = kafka;
		this.json = json;
		this.clock = clock;
	}

	@PostMapping("/activities")
	@Allow(Role.ADMIN)
	ResponseEntity<Map<String, Object>> record(@RequestBody byte[] body, Caller caller) {
		List<JsonNode> rows = rows(body);
		if (rows.size() > MAX_ACTIVITIES) {
			throw new ApiException(new ApiError(413, "too_many_activities",
					"at most " + MAX_ACTIVITIES + " activities per request", null));
		}
		List<Map<String, Object>> rejected = new ArrayList<>();
		// CloudEvents time: when the edge accepted the activities (RFC 3339, UTC);
		// occurredAt in the body says when each happened.
		Header time = header("ce_time", this.clock.instant().truncatedTo(ChronoUnit.MICROS).toString());
		Header source = header("ce_source", Outbox.source(caller.organisationId()));
		Acknowledgements acknowledgements = new Acknowledgements();
		int accepted = 0;
		// The shared producer itself, not KafkaTemplate: one callback per record into
		// one counter instead of a future per record, for up to 10,000 records. The
		// headers are CloudEventHeaders', with the constant ones built once.
		try (Producer<String, String> producer = this.kafka.getProducerFactory().createProducer()) {
			for (int i = 0; i < rows.size(); i++) {
				try {
					Accepted activity = accept(caller.organisationId(), rows.get(i));
					ProducerRecord<String, String> record = new ProducerRecord<>(Topics.ACTIVITIES, null,
							activity.key(), activity.body(),
							new RecordHeaders(new Header[] { SPEC_VERSION, header("ce_id", randomId().toString()), TYPE,
									source, header("ce_subject", "activities/" + activity.id()), time, CONTENT_TYPE }));
					acknowledgements.expect();
					try {
						producer.send(record, acknowledgements);
					}
					catch (RuntimeException ex) {
						acknowledgements.onCompletion(null, ex);
						throw ex;
					}
					accepted++;
				}
				catch (ApiException ex) {
					Map<String, Object> error = new LinkedHashMap<>();
					error.put("index", i);
					error.put("error", ex.error().error());
					error.put("field", ex.error().field());
					rejected.add(error);
				}
			}
		}
		acknowledgements.await();
		log.info("Accepted {} activities, rejected {} (organisation {})", accepted, rejected.size(),
				caller.organisationId());
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("success", true);
		answer.put("accepted", accepted);
		answer.put("rejected", rejected.size());
		answer.put("errors", rejected);
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(answer);
	}

	/**
	 * The rows of a JSON array, or of NDJSON (one JSON value per line), read from the
	 * bytes as they came; at most one more than {@link #MAX_ACTIVITIES}.
	 */
	private List<JsonNode> rows(byte[] body) {
		int start = 0;
		while (start < body.length && Character.isWhitespace(body[start])) {
			start++;
		}
		try {
			if (start < body.length && body[start] == '[') {
				JsonNode array = this.json.readTree(body, start, body.length - start);
				List<JsonNode> rows = new ArrayList<>(array.size());
				array.forEach(rows::add);
				return rows;
			}
			List<JsonNode> rows = new ArrayList<>();
			for (int line = start; line < body.length && rows.size() <= MAX_ACTIVITIES;) {
				int end = line;
				while (end < body.length && body[end] != '\n') {
					end++;
				}
				if (!isBlank(body, line, end)) {
					rows.add(this.json.readTree(body, line, end - line));
				}
				line = end + 1;
			}
			return rows;
		}
		catch (JacksonException ex) {
			throw new ApiException(new ApiError(400, "invalid_body",
					"send a JSON array or NDJSON (one JSON object per line) of activities", null));
		}
	}

	private static boolean isBlank(byte[] body, int from, int to) {
		for (int i = from; i < to; i++) {
			if (!Character.isWhitespace(body[i])) {
				return false;
			}
		}
		return true;
	}

	/**
	 * A random (version 4) UUID for {@code ce_id}: unique enough to name a message, and
	 * without {@link UUID#randomUUID()}'s shared {@code SecureRandom}, which 10,000 rows
	 * a request on every request thread would queue on. Activities are deduplicated by
	 * (organisation, id), never by this id.
	 */
	static UUID randomId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long high = (random.nextLong() & ~0xF000L) | 0x4000L;
		long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(high, low);
	}

	/**
	 * A valid row as the record {@link ActivityRecorded} serialises (every field, in its
	 * order), written straight from the row's tree: the tree is the only parse of the
	 * row, and no record, attribute map or bean serialiser is built for it.
	 * @throws ApiException naming the field when the row is not a valid activity
	 */
	Accepted accept(long organisationId, JsonNode row) {
		Activity activity = validate(row);
		StringWriter body = new StringWriter(256);
		try (JsonGenerator out = this.json.createGenerator(body)) {
			out.writeStartObject();
			out.writeNumberProperty("organisationId", organisationId);
			out.writeStringProperty("id", activity.id());
			out.writeStringProperty("occurredAt", activity.occurredAt().toString());
			out.writeName("participants");
			out.writeStartObject();
			dimension(out, "site", activity.who().site());
			dimension(out, "unit", activity.who().unit());
			dimension(out, "user", activity.who().user());
			dimension(out, "group", activity.who().group());
			out.writeEndObject();
			out.writeStringProperty("kind", activity.kind());
			if (activity.outcome() == null) {
				out.writeNullProperty("outcome");
			}
			else {
				out.writeBooleanProperty("outcome", activity.outcome());
			}
			out.writeNumberProperty("value", activity.value());
			out.writeName("attributes");
			if (activity.attributes() == null) {
				out.writeStartObject();
				out.writeEndObject();
			}
			else {
				out.writeTree(activity.attributes());
			}
			ActivityRecorded.Names names = activity.names();
			if (names == null) {
				out.writeNullProperty("names");
			}
			else {
				out.writeName("names");
				out.writeStartObject();
				name(out, "site", names.site());
				name(out, "unit", names.unit());
				name(out, "user", names.user());
				name(out, "group", names.group());
				out.writeEndObject();
			}
			out.writeEndObject();
		}
		return new Accepted(activity.who().key(), activity.id(), body.toString());
	}

	private static void dimension(JsonGenerator out, String name, Long id) {
		if (id == null) {
			out.writeNullProperty(name);
		}
		else {
			out.writeNumberProperty(name, id);
		}
	}

	private static void name(JsonGenerator out, String type, String name) {
		if (name == null) {
			out.writeNullProperty(type);
		}
		else {
			out.writeStringProperty(type, name);
		}
	}

	/** A valid row: its record's key and id, and its body. */
	record Accepted(String key, String id, String body) {
	}

	/** The fields of a valid row; the attributes as they came (null when absent). */
	private record Activity(String id, Instant occurredAt, ActivityRecorded.Participants who, String kind,
			Boolean outcome, BigDecimal value, JsonNode attributes, ActivityRecorded.Names names) {
	}

	private static Activity validate(JsonNode row) {
		if (!(row instanceof ObjectNode)) {
			throw ApiException.badRequest("activity", "an activity is a JSON object");
		}
		// Every text of the row, as TextGuard checks every other body (this one is read
		// row by row, so that a bad row is rejected beside the good ones).
		Text.checkTree(null, row);
		JsonNode id = row.get("id");
		if (id == null || !(id.isString() || id.isIntegralNumber()) || id.asString().isBlank()
				|| Text.length(id.asString()) > 200) {
			throw ApiException.badRequest("id", "id is required: a string of 1 to 200 characters");
		}
		OffsetDateTime occurredAt;
		try {
			JsonNode when = row.get("occurredat");
			occurredAt = offsetDateTime((when != null && when.isString()) ? when.asString() : "");
		}
		catch (DateTimeException ex) {
			throw ApiException.badRequest("occurredat", "occurredat must be an ISO-8601 date-time with an offset");
		}
		Dates.check("occurredat", occurredAt.toInstant());
		JsonNode participants = row.get("participants");
		if (participants == null || !participants.isObject()) {
			throw ApiException.badRequest("participants", "participants is required, e.g. {\"user\":17}");
		}
		ActivityRecorded.Participants who = new ActivityRecorded.Participants(dimension(participants, "site"),
				dimension(participants, "unit"), dimension(participants, "user"), dimension(participants, "group"));
		if (who.site() == null && who.unit() == null && who.user() == null && who.group() == null) {
			throw ApiException.badRequest("participants", "participants needs at least one of site, unit, user, group");
		}
		JsonNode kind = row.get("kind");
		if (kind == null || !kind.isString() || kind.asString().isBlank() || Text.length(kind.asString()) > 100) {
			throw ApiException.badRequest("kind", "kind is required: a string of 1 to 100 characters");
		}
		JsonNode outcome = row.get("outcome");
		if (outcome != null && !outcome.isNull() && !outcome.isBoolean()) {
			throw ApiException.badRequest("outcome", "outcome must be true, false or absent");
		}
		JsonNode value = row.get("value");
		if (value != null && !value.isNull()
				&& (!value.isNumber() || value.decimalValue().abs().compareTo(new BigDecimal("1e15")) >= 0)) {
			throw ApiException.badRequest("value", "value must be a number");
		}
		JsonNode attributes = row.get("attributes");
		if (attributes != null && !attributes.isNull() && !attributes.isObject()) {
			throw ApiException.badRequest("attributes", "attributes must be a JSON object");
		}
		ActivityRecorded.Names names = names(row.get("names"), who);
		return new Activity(id.asString(), occurredAt.toInstant(), who, kind.asString(),
				(outcome != null && outcome.isBoolean()) ? outcome.asBoolean() : null,
				(value != null && value.isNumber()) ? value.decimalValue() : BigDecimal.ONE,
				(attributes != null && attributes.isObject()) ? attributes : null, names);
	}

	/**
	 * {@link OffsetDateTime#parse} of the ISO-8601 date-time with an offset, with a fast
	 * path for its common form {@code yyyy-MM-ddTHH:mm:ss[.fraction]} and {@code Z} or
	 * {@code ±HH:MM}, whose fields {@link OffsetDateTime#of} checks as strictly as the
	 * parser does; anything else goes to the parser (which took 40 % of a row's
	 * validation).
	 * @throws DateTimeException when it is not one
	 */
	static OffsetDateTime offsetDateTime(String text) {
		int length = text.length();
		if (length < 20 || length > 35 || !digits(text, 0, 4) || text.charAt(4) != '-' || !digits(text, 5, 7)
				|| text.charAt(7) != '-' || !digits(text, 8, 10) || text.charAt(10) != 'T' || !digits(text, 11, 13)
				|| text.charAt(13) != ':' || !digits(text, 14, 16) || text.charAt(16) != ':' || !digits(text, 17, 19)) {
			return OffsetDateTime.parse(text);
		}
		int position = 19;
		int nanos = 0;
		if (text.charAt(position) == '.') {
			int start = ++position;
			while (position < length && position - start < 9 && isDigit(text.charAt(position))) {
				nanos = nanos * 10 + (text.charAt(position++) - '0');
			}
			if (position == start) {
				return OffsetDateTime.parse(text);
			}
			for (int digit = position - start; digit < 9; digit++) {
				nanos *= 10;
			}
		}
		ZoneOffset offset;
		if (position == length - 1 && text.charAt(position) == 'Z') {
			offset = ZoneOffset.UTC;
		}
		else if (position == length - 6 && (text.charAt(position) == '+' || text.charAt(position) == '-')
				&& digits(text, position + 1, position + 3) && text.charAt(position + 3) == ':'
				&& digits(text, position + 4, position + 6)) {
			int sign = (text.charAt(position) == '-') ? -1 : 1;
			offset = ZoneOffset.ofHoursMinutes(sign * number(text, position + 1, position + 3),
					sign * number(text, position + 4, position + 6));
		}
		else {
			return OffsetDateTime.parse(text);
		}
		return OffsetDateTime.of(number(text, 0, 4), number(text, 5, 7), number(text, 8, 10), number(text, 11, 13),
				number(text, 14, 16), number(text, 17, 19), nanos, offset);
	}

	private static boolean digits(String text, int from, int to) {
		for (int i = from; i < to; i++) {
			if (!isDigit(text.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	private static int number(String text, int from, int to) {
		int value = 0;
		for (int i = from; i < to; i++) {
			value = value * 10 + (text.charAt(i) - '0');
		}
		return value;
	}

	/**
	 * The optional display names of an activity's participants, e.g. {@code {"user":"Ada
	 * Lovelace"}}: each for a participant the activity has.
	 */
	private static ActivityRecorded.Names names(JsonNode names, ActivityRecorded.Participants who) {
		if (names == null || names.isNull()) {
			return null;
		}
		if (!names.isObject()) {
			throw ApiException.badRequest("names", "names must be a JSON object, e.g. {\"user\":\"Ada Lovelace\"}");
		}
		for (String field : names.propertyNames()) {
			if (!List.of("site", "unit", "user", "group").contains(field)) {
				throw ApiException.badRequest("names." + field, "names may name site, unit, user and group only");
			}
		}
		ActivityRecorded.Names named = new ActivityRecorded.Names(name(names, "site", who.site()),
				name(names, "unit", who.unit()), name(names, "user", who.user()), name(names, "group", who.group()));
		return (named.site() == null && named.unit() == null && named.user() == null && named.group() == null) ? null
				: named;
	}

	private static String name(JsonNode names, String type, Long participant) {
		JsonNode name = names.get(type);
		if (name == null || name.isNull()) {
			return null;
		}
		if (!name.isString() || name.asString().isBlank() || Text.length(name.asString()) > 200) {
			throw ApiException.badRequest("names." + type,
					"names." + type + " must be a string of 1 to 200 characters");
		}
		if (participant == null) {
			throw ApiException.badRequest("names." + type,
					"names." + type + " names a " + type + " the activity does not have (participants." + type + ")");
		}
		return name.asString().strip();
	}

	private static Long dimension(JsonNode participants, String name) {
		JsonNode value = participants.get(name);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
			throw ApiException.badRequest("participants." + name, name + " must be a non-negative integer");
		}
		return value.asLong();
	}

	private static Header header(String name, String value) {
		return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Waits for the acknowledgements of the records sent for one request: the request is
	 * answered when Kafka has acknowledged every one ({@code acks=all}), or fails with
	 * the first error.
	 */
	private static final class Acknowledgements implements Callback {

		private final Phaser outstanding = new Phaser(1);

		private volatile Exception failure;

		void expect() {
			this.outstanding.register();
		}

		@Override
		public void onCompletion(RecordMetadata metadata, Exception exception) {
			if (exception != null) {
				this.failure = exception;
			}
			this.outstanding.arriveAndDeregister();
		}

		void await() {
			try {
				this.outstanding.awaitAdvanceInterruptibly(this.outstanding.arrive(), 30, TimeUnit.SECONDS);
			}
			catch (TimeoutException ex) {
				throw new IllegalStateException("Kafka did not acknowledge the activities within 30 s", ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			if (this.failure != null) {
				throw new IllegalStateException("Kafka did not acknowledge the activities", this.failure);
			}
		}

	}

}
