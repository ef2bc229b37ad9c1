package dev.podium.notificationworker.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * What happens to a delivery after an attempt: delivered; failed for good when the
 * subscriber is gone (410) or the retry delays are used up; else pending again after the
 * next delay, varied by the jitter, or after the {@code Retry-After} a 429 asked for
 * (capped at a day).
 */
final class RetryPolicy {

	static final Duration MAX_RETRY_AFTER = Duration.ofDays(1);

	private final List<Duration> delays;

	private final double jitter;

	private final DoubleSupplier random;

	/**
	 * @param delays the wait after each failed attempt
	 * @param jitter the share by which a wait varies, either way
	 * @param random uniform numbers from 0 (inclusive) to 1, safe to call from any thread
	 */
	RetryPolicy(List<Duration> delays, double jitter, DoubleSupplier random) {
		this.delays = List.copyOf(delays);
		this.jitter = jitter;
		this.random = random;
	}

	/**
	 * The decision after an attempt.
	 *
	 * @param status pending, delivered or failed
	 * @param delay the wait before the next attempt, for pending
	 * @param outcome the metric's outcome tag: delivered, retried, failed or disabled
	 */
	record Decision(String status, Duration delay, String outcome) {

	}

	/**
	 * @param attempts the attempts made, this one included
	 * @param attempt what this one came to
	 */
	Decision decide(int attempts, Attempt attempt) {
		return switch (attempt.kind()) {
			case DELIVERED -> new Decision("delivered", null, "delivered");
			case GONE -> new Decision("failed", null, "disabled");
			case FAILED -> {
				if (attempts > this.delays.size()) {
					yield new Decision("failed", null, "failed");
				}
				Duration delay = (attempt.retryAfter() != null) ? attempt.retryAfter() : jittered(attempts);
				yield new Decision("pending", delay, "retried");
			}
		};
	}

	private Duration jittered(int attempts) {
		Duration base = this.delays.get(attempts - 1);
		double factor = 1 + this.jitter * (2 * this.random.getAsDouble() - 1);
		return Duration.ofMillis(Math.round(base.toMillis() * factor));
	}

	/**
	 * A {@code Retry-After} value: seconds or an HTTP date; null when absent or not
	 * understood. At least a second, at most {@link #MAX_RETRY_AFTER}.
	 */
	static Duration retryAfter(String value, Instant now) {
		if (value == null || value.isBlank()) {
			return null;
		}
		Duration wait;
		try {
			wait = Duration.ofSeconds(Long.parseLong(value.strip()));
		}
		catch (NumberFormatException ex) {
			try {
				wait = Duration.between(now,
						ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
			}
			catch (DateTimeParseException notADate) {
				return null;
			}
		}
		if (wait.compareTo(Duration.ofSeconds(1)) < 0) {
			return Duration.ofSeconds(1);
		}
		return (wait.compareTo(MAX_RETRY_AFTER) > 0) ? MAX_RETRY_AFTER : wait;
	}

}
