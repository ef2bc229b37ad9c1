package dev.podium.edge.compat.nudj;

import java.math.BigDecimal;
import java.util.List;

import dev.podium.edge.compat.JsonBody;
import dev.podium.platform.error.ApiException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Seed 001's update body, validated as the seed documents it (24-hex id patterns, enums,
 * ranges, which fields may be null); every refusal names the field. Fields the body does
 * not send stay as they are; fields the seed does not know are ignored, so a client may
 * send back a challenge it read.
 *
 * @param status the lifecycle status asked for, or null
 * @param title the new name ({@code details.title}), or null
 * @param description the new description ({@code details.description}), or null
 * @param startsAt the new start, or null
 * @param expiresAt the new expiry, or null
 * @param settings the nudj settings sent, to merge over the stored ones (nested objects
 * key by key)
 */
record NudjPatch(String status, String title, String description, Moment startsAt, Moment expiresAt,
		ObjectNode settings) {

	static final List<String> STATUSES = List.of("archived", "draft", "expired", "live", "scheduled");

	static final List<String> PERIODS = List.of("daily", "weekly", "monthly", "yearly", "open");

	static final int MAX_NAME = 200;

	static final int MAX_TEXT = 10_000;

	static final int MAX_URL = 2000;

	/** The 24-hex id arrays of the body. */
	private static final List<String> ID_ARRAYS = List.of("additionalCommunityIds", "tags", "campaigns",
			"availableAsTemplateForOrganisations");

	/** The booleans of the body, in the seed's order. */
	private static final List<String> BOOLEANS = List.of("isSkippable", "isLinear", "enabledForSingleView", "featured",
			"isGlobalTemplate");

	/** The booleans the seed lets be null ({@code boolean | null}). */
	private static final List<String> NULLABLE = List.of("isSkippable", "enabledForSingleView");

	static NudjPatch parse(JsonBody body) {
		ObjectNode settings = JsonNodeFactory.instance.objectNode();
		String status = body.has("status") ? body.oneOf("status", STATUSES) : null;
		for (String field : ID_ARRAYS) {
			if (body.has(field)) {
				ArrayNode ids = settings.putArray(field);
				body.strings(field, HexIds.PATTERN, HexIds.PATTERN_TEXT).forEach(ids::add);
			}
		}
		for (String field : BOOLEANS) {
			if (body.has(field)) {
				if (NULLABLE.contains(field) && body.isNull(field)) {
					settings.putNull(field);
				}
				else {
					settings.put(field, body.bool(field));
				}
			}
		}
		Moment startsAt = moment(body, "startsAt");
		Moment expiresAt = moment(body, "expiresAt");
		if (body.has("progressPeriod")) {
			settings.put("progressPeriod", body.oneOf("progressPeriod", PERIODS));
		}
		if (body.has("maxCompletionsPerPeriod")) {
			settings.put("maxCompletionsPerPeriod", body.integer("maxCompletionsPerPeriod", 0, Integer.MAX_VALUE));
		}
		if (body.has("unlockPrice")) {
			settings.put("unlockPrice", body.number("unlockPrice", BigDecimal.ZERO));
		}
		if (body.has("videoConfig")) {
			JsonBody video = body.object("videoConfig");
			ObjectNode stored = settings.putObject("videoConfig");
			if (video.has("videoUrl")) {
				stored.put("videoUrl", video.isNull("videoUrl") ? "" : video.string("videoUrl", MAX_URL));
			}
			if (video.has("isVideoEnabled")) {
				stored.put("isVideoEnabled", video.bool("isVideoEnabled"));
			}
		}
		String title = null;
		String description = null;
		if (body.has("details")) {
			JsonBody details = body.object("details");
			if (details.has("title")) {
				title = details.string("title", MAX_NAME).strip();
				if (title.isEmpty()) {
					throw ApiException.badRequest("details.title", "details.title must not be blank");
				}
			}
			if (details.has("description")) {
				description = details.isNull("description") ? "" : details.string("description", MAX_TEXT);
			}
			images(details, "light", settings);
			images(details, "dark", settings);
		}
		return new NudjPatch(status, title, description, startsAt, expiresAt, settings);
	}

	/**
	 * {@code startsAt} and {@code expiresAt} may be null in the seed (no start, no
	 * expiry): the challenge then runs from the first or to the last date the API
	 * supports ({@link Moment#OPEN}), and reads back null (decision 12).
	 */
	private static Moment moment(JsonBody body, String field) {
		if (!body.has(field)) {
			return null;
		}
		if (body.isNull(field)) {
			return Moment.OPEN;
		}
		return Moment.parse(field, body.string(field, 100)).bounded(field);
	}

	private static void images(JsonBody details, String theme, ObjectNode settings) {
		if (!details.has(theme)) {
			return;
		}
		JsonBody images = details.object(theme);
		ObjectNode stored = settings.putObject(theme);
		for (String field : List.of("primaryImageUrl", "secondaryImageUrl")) {
			if (images.has(field)) {
				stored.put(field, images.isNull(field) ? "" : images.string(field, MAX_URL));
			}
		}
	}

	/** Whether the body changes nothing (no field Podium reads was sent). */
	boolean empty() {
		return this.status == null && onlyStatus();
	}

	/** Whether the body asks for nothing but a status. */
	boolean onlyStatus() {
		return this.title == null && this.description == null && this.startsAt == null && this.expiresAt == null
				&& this.settings.isEmpty();
	}

	/**
	 * The stored settings with these merged over them; nested objects merge key by key.
	 */
	ObjectNode mergedOver(JsonNode stored) {
		ObjectNode merged = (stored != null && stored.isObject()) ? (ObjectNode) stored.deepCopy()
				: JsonNodeFactory.instance.objectNode();
		for (var entry : this.settings.properties()) {
			JsonNode current = merged.get(entry.getKey());
			if (entry.getValue().isObject() && current != null && current.isObject()) {
				((ObjectNode) current).setAll((ObjectNode) entry.getValue());
			}
			else {
				merged.set(entry.getKey(), entry.getValue());
			}
		}
		return merged;
	}

}
