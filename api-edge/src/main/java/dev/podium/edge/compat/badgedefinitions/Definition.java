package dev.podium.edge.compat.badgedefinitions;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A badge as a badge definition: its settings, the criteria its activity rule holds (null
 * when it has none) and its unrevoked grants in the caller's organisation.
 *
 * @param id the badge id
 * @param organisationId the badge's organisation
 * @param name the name
 * @param description the description
 * @param iconUrl the icon URL, or null
 * @param lockedIconUrl the locked icon URL, or null
 * @param criteria the criteria, or null
 * @param category the category
 * @param active whether it is active
 * @param earnedCount unrevoked grants in the caller's organisation
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
record Definition(long id, long organisationId, String name, String description, String iconUrl, String lockedIconUrl,
		Criteria criteria, String category, boolean active, long earnedCount, Instant createdAt, Instant updatedAt) {

	/** The seed's single-definition body (get, create, update). */
	Map<String, Object> full() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", Long.toString(this.id));
		body.put("organisation_id", Long.toString(this.organisationId));
		body.put("name", this.name);
		body.put("description", this.description);
		body.put("icon_url", this.iconUrl);
		body.put("locked_icon_url", this.lockedIconUrl);
		body.put("criteria", criteriaBody());
		body.put("category", this.category);
		body.put("is_active", this.active);
		body.put("earned_count", this.earnedCount);
		body.put("created_at", time(this.createdAt));
		body.put("updated_at", time(this.updatedAt));
		return body;
	}

	/**
	 * The seed's list item: the single body without {@code locked_icon_url} and
	 * {@code earned_count}, as the seed's list example shows it.
	 */
	Map<String, Object> listItem() {
		Map<String, Object> body = full();
		body.remove("locked_icon_url");
		body.remove("earned_count");
		return body;
	}

	private Map<String, Object> criteriaBody() {
		if (this.criteria == null) {
			return null;
		}
		Map<String, Object> criteria = new LinkedHashMap<>();
		criteria.put("type", this.criteria.type());
		criteria.put("threshold", this.criteria.threshold());
		return criteria;
	}

	/** The seed's time format: UTC to the second, {@code 2026-03-26T11:30:00Z}. */
	static String time(Instant at) {
		return DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.SECONDS));
	}

}
