package dev.podium.notificationworker.webhooks;

import java.time.Duration;

/**
 * What one send of a delivery came to.
 *
 * @param kind delivered (2xx), gone (410: the subscriber wants no more) or failed
 * (anything else, including no answer)
 * @param statusCode the response's status, null when there was none
 * @param error what went wrong, null when delivered
 * @param retryAfter the wait a 429 asked for, null otherwise
 */
record Attempt(Kind kind, Integer statusCode, String error, Duration retryAfter) {

	enum Kind {

		DELIVERED, GONE, FAILED

	}

	static Attempt delivered(int statusCode) {
		return new Attempt(Kind.DELIVERED, statusCode, null, null);
	}

	static Attempt gone() {
		return new Attempt(Kind.GONE, 410, "HTTP 410: the subscriber is gone; the subscription was disabled", null);
	}

	static Attempt failed(Integer statusCode, String error) {
		return new Attempt(Kind.FAILED, statusCode, error, null);
	}

	static Attempt throttled(Duration retryAfter) {
		return new Attempt(Kind.FAILED, 429, "HTTP 429", retryAfter);
	}

}
