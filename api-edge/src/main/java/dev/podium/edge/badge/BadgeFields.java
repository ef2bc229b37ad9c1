package dev.podium.edge.badge;

import java.util.regex.Pattern;

import dev.podium.edge.web.RequestFields;
import dev.podium.platform.error.ApiException;

/**
 * A badge's settings, validated; every refusal names the field. An update starts from the
 * stored settings and changes only the fields sent.
 */
record BadgeFields(String name, String description, String icon, String colour, int tier, String category,
		String iconUrl, String lockedIconUrl, boolean active) {

	static final BadgeFields DEFAULTS = new BadgeFields(null, "", "", null, 0, "", null, null, true);

	private static final Pattern COLOUR = Pattern.compile("#[0-9A-Fa-f]{6}");

	private static final int MAX_TEXT = 10_000;

	/**
	 * The fields sent over {@code base}: {@link #DEFAULTS} for a create, the stored badge
	 * for an update.
	 */
	static BadgeFields parse(RequestFields in, BadgeFields base) {
		String name = base.name();
		if (in.has("name") || name == null) {
			name = in.text("name", 200);
			if (name == null) {
				throw ApiException.badRequest("name", "name is required: 1 to 200 characters");
			}
		}
		String colour = base.colour();
		if (in.has("colour")) {
			colour = in.text("colour", 100);
			if (colour != null && !COLOUR.matcher(colour).matches()) {
				throw ApiException.badRequest("colour", "colour must be #RRGGBB");
			}
		}
		int tier = base.tier();
		if (in.has("tier")) {
			Long t = in.integer("tier", 0, 4,
					"tier must be 0 (none), 1 (bronze), 2 (silver), 3 (gold) or 4 (platinum)");
			tier = (t != null) ? t.intValue() : 0;
		}
		Boolean active = in.flag("active");
		return new BadgeFields(name,
				in.has("description") ? orEmpty(in.text("description", MAX_TEXT)) : base.description(),
				in.has("icon") ? orEmpty(in.text("icon", 2000)) : base.icon(), colour, tier,
				in.has("category") ? orEmpty(in.text("category", 200)) : base.category(),
				in.has("iconurl") ? in.url("iconurl") : base.iconUrl(),
				in.has("lockediconurl") ? in.url("lockediconurl") : base.lockedIconUrl(),
				(active != null) ? active : base.active());
	}

	private static String orEmpty(String s) {
		return (s != null) ? s : "";
	}

}
