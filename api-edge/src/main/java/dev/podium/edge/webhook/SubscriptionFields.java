package dev.podium.edge.webhook;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.podium.edge.web.RequestFields;
import dev.podium.platform.error.ApiException;
import dev.podium.platform.webhook.WebhookEventTypes;
import dev.podium.platform.webhook.WebhookUrls;

/**
 * A subscription's settings, validated; every refusal names the field. {@code urlSent}
 * says whether the request sent a URL (only then is it checked against the address policy
 * again).
 */
record SubscriptionFields(String url, List<String> events, boolean active, String description, boolean urlSent) {

	static final SubscriptionFields DEFAULTS = new SubscriptionFields(null, List.of(WebhookEventTypes.ALL), true, "",
			false);

	static final int MAX_DESCRIPTION = 1000;

	/**
	 * The fields sent over {@code base}: {@link #DEFAULTS} or the stored subscription.
	 */
	static SubscriptionFields parse(RequestFields in, SubscriptionFields base, WebhookUrls urls) {
		String url = base.url();
		boolean urlSent = in.has("url") || url == null;
		if (urlSent) {
			url = in.text("url", 2000);
			if (url == null) {
				throw ApiException.badRequest("url", "url is required: an https URL");
			}
			try {
				urls.check(url);
			}
			catch (WebhookUrls.Refused ex) {
				throw ApiException.badRequest("url", ex.getMessage());
			}
		}
		List<String> events = base.events();
		if (in.has("events")) {
			events = events(in.texts("events"));
		}
		Boolean active = in.flag("active");
		String description = base.description();
		if (in.has("description")) {
			String d = in.text("description", MAX_DESCRIPTION);
			description = (d != null) ? d : "";
		}
		return new SubscriptionFields(url, events, (active != null) ? active : base.active(), description, urlSent);
	}

	/**
	 * {@code *} or a list of event types, each once; {@code *} among types means every
	 * type.
	 */
	static List<String> events(List<String> sent) {
		if (sent == null || sent.isEmpty()) {
			throw ApiException.badRequest("events",
					"events must be * or a list of event types: " + String.join(", ", WebhookEventTypes.TYPES));
		}
		Set<String> types = new LinkedHashSet<>();
		for (String type : sent) {
			if (WebhookEventTypes.ALL.equals(type)) {
				return List.of(WebhookEventTypes.ALL);
			}
			if (!WebhookEventTypes.TYPES.contains(type)) {
				throw ApiException.badRequest("events", "unknown event type '" + abbreviate(type)
						+ "'; events must be * or a list of: " + String.join(", ", WebhookEventTypes.TYPES));
			}
			types.add(type);
		}
		return new ArrayList<>(types);
	}

	private static String abbreviate(String text) {
		return (text.length() > 60) ? text.substring(0, 60) + "…" : text;
	}

}
