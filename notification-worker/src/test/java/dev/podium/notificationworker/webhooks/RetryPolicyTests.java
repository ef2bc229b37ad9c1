package dev.podium.notificationworker.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTests {

	private static final List<Duration> DAY = List.of(Duration.ofSeconds(5), Duration.ofSeconds(30),
			Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1),
			Duration.ofHours(3), Duration.ofHours(6), Duration.ofHours(12));

	@Test
	void failuresAreRetriedForAboutADayWithJitterThenFail() {
		RetryPolicy low = new RetryPolicy(DAY, 0.2, () -> 0.0);
		RetryPolicy high = new RetryPolicy(DAY, 0.2, () -> 0.999_999);
		Duration total = Duration.ZERO;
		for (int attempts = 1; attempts <= DAY.size(); attempts++) {
			RetryPolicy.Decision decision = low.decide(attempts, Attempt.failed(500, "HTTP 500"));
			assertThat(decision.status()).isEqualTo("pending");
			assertThat(decision.outcome()).isEqualTo("retried");
			assertThat(decision.delay())
				.isEqualTo(Duration.ofMillis(Math.round(DAY.get(attempts - 1).toMillis() * 0.8)));
			assertThat(high.decide(attempts, Attempt.failed(null, "timeout")).delay())
				.isCloseTo(DAY.get(attempts - 1).multipliedBy(12).dividedBy(10), Duration.ofMillis(50));
			total = total.plus(DAY.get(attempts - 1));
		}
		assertThat(total).isBetween(Duration.ofHours(22), Duration.ofHours(24));

		RetryPolicy.Decision last = low.decide(DAY.size() + 1, Attempt.failed(503, "HTTP 503"));
		assertThat(last.status()).isEqualTo("failed");
		assertThat(last.outcome()).isEqualTo("failed");
	}

	@Test
	void successStopsAndGoneDisables() {
		RetryPolicy policy = new RetryPolicy(DAY, 0.2, () -> 0.5);

		assertThat(policy.decide(1, Attempt.delivered(200)))
			.isEqualTo(new RetryPolicy.Decision("delivered", null, "delivered"));
		assertThat(policy.decide(3, Attempt.gone())).isEqualTo(new RetryPolicy.Decision("failed", null, "disabled"));
	}

	@Test
	void retryAfterOfA429WinsOverTheSchedule() {
		RetryPolicy policy = new RetryPolicy(DAY, 0.2, () -> 0.5);
		Instant now = Instant.parse("2026-11-22T10:00:00Z");

		assertThat(policy.decide(1, Attempt.throttled(RetryPolicy.retryAfter("120", now))).delay())
			.isEqualTo(Duration.ofMinutes(2));
		assertThat(policy.decide(1, Attempt.throttled(null)).delay()).isEqualTo(Duration.ofSeconds(5));
		assertThat(RetryPolicy.retryAfter("Sun, 22 Nov 2026 10:05:00 GMT", now)).isEqualTo(Duration.ofMinutes(5));
		assertThat(RetryPolicy.retryAfter("0", now)).isEqualTo(Duration.ofSeconds(1));
		assertThat(RetryPolicy.retryAfter("999999999", now)).isEqualTo(Duration.ofDays(1));
		assertThat(RetryPolicy.retryAfter("soon", now)).isNull();
	}

}
