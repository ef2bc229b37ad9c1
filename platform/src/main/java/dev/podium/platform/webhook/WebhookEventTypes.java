package dev.podium.platform.webhook;

import java.util.List;

import dev.podium.contracts.MessageTypes;

/**
 * The event types a webhook subscription may filter on: the events for subscribers
 * (PRODUCT.md), not the commands. {@value #ALL} matches every type, also types added
 * later.
 */
public final class WebhookEventTypes {

	/** The filter that matches every event. */
	public static final String ALL = "*";

	/** The types a filter may name. */
	public static final List<String> TYPES = List.of(MessageTypes.POINTS_RECORDED, MessageTypes.POINTS_REMOVED,
			MessageTypes.BADGE_GRANTED, MessageTypes.BADGE_REVOKED, MessageTypes.CHALLENGE_CLOSED,
			MessageTypes.JOB_FINISHED);

	private WebhookEventTypes() {
	}

}
