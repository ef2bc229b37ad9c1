package dev.podium.edge.compat.badgedefinitions;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import dev.podium.edge.compat.JsonBody;
import dev.podium.platform.error.ApiException;

/**
 * A create or update body of the seed's fields, validated; every refusal names the field.
 * An update starts from the stored definition and changes only the fields sent.
 * {@code organisation_id} is not read: the token decides the organisation.
 *
 * @param settings the badge's fields after the request
 * @param criteria the criteria sent, or null when not sent
 */
record DefinitionRequest(BadgeDefinitions.Settings settings, Criteria criteria) {

	static final int MAX_NAME = 200;

	static final int MAX_TEXT = 10_000;

	static final int MAX_CATEGORY = 200;

	static final int MAX_URL = 2000;

	/** A create: {@code name} and {@code criteria} are required. */
	static DefinitionRequest create(JsonBody body) {
		if (!body.has("name")) {
			throw ApiException.badRequest("name", "name is required");
		}
		if (!body.has("criteria")) {
			throw ApiException.badRequest("criteria", "criteria is required");
		}
		return parse(body, new BadgeDefinitions.Settings(null, "", null, null, "", true));
	}

	/** An update over the stored definition. */
	static DefinitionRequest update(JsonBody body, Definition stored) {
		return parse(body, new BadgeDefinitions.Settings(stored.name(), stored.description(), stored.iconUrl(),
				stored.lockedIconUrl(), stored.category(), stored.active()));
	}

	private static DefinitionRequest parse(JsonBody body, BadgeDefinitions.Settings base) {
		String name = base.name();
		if (body.has("name")) {
			name = body.string("name", MAX_NAME).strip();
			if (name.isEmpty()) {
				throw ApiException.badRequest("name", "name must not be blank");
			}
		}
		String description = body.has("description") ? orEmpty(body, "description", MAX_TEXT) : base.description();
		String iconUrl = body.has("icon_url") ? url(body, "icon_url") : base.iconUrl();
		String lockedIconUrl = body.has("locked_icon_url") ? url(body, "locked_icon_url") : base.lockedIconUrl();
		String category = body.has("category") ? orEmpty(body, "category", MAX_CATEGORY) : base.category();
		boolean active = body.has("is_active") ? body.bool("is_active") : base.active();
		Criteria criteria = body.has("criteria") ? Criteria.parse(body) : null;
		return new DefinitionRequest(
				new BadgeDefinitions.Settings(name, description, iconUrl, lockedIconUrl, category, active), criteria);
	}

	/** A string, or {@code null} for none (stored as empty). */
	private static String orEmpty(JsonBody body, String field, int max) {
		return body.isNull(field) ? "" : body.string(field, max).strip();
	}

	/** An absolute http or https URL, or {@code null} for none. */
	private static String url(JsonBody body, String field) {
		if (body.isNull(field)) {
			return null;
		}
		String s = body.string(field, MAX_URL).strip();
		try {
			URI uri = new URI(s);
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
			if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
				return s;
			}
		}
		catch (URISyntaxException ex) {
			// answered below
		}
		throw ApiException.badRequest(field, field + " must be an http or https URL");
	}

}
