package dev.podium.notificationworker.webhooks;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the dispatcher sends deliveries.
 *
 * @param enabled whether this instance sends deliveries (it fans out events either way)
 * @param connectTimeout longest wait for a connection to a subscriber
 * @param requestTimeout longest wait for a subscriber's answer, body included
 * @param retryDelays the wait after each failed attempt; when they are used up the
 * delivery fails (the default sums to about 22.7 hours over 10 attempts)
 * @param jitter the share by which each wait varies at random, either way
 * @param perSubscription deliveries of one subscription in flight at once in this
 * instance
 * @param maxInFlight deliveries in flight at once in this instance
 * @param pollInterval how often an idle dispatcher looks for due deliveries (retries,
 * replays, other instances' fan-out); its own fan-out wakes it at once
 * @param lease how long a claimed delivery stays claimed; another instance sends it after
 * that if this one did not record an outcome (it died)
 */
@ConfigurationProperties("podium.webhooks.delivery")
public record DeliverySettings(@DefaultValue("true") boolean enabled, @DefaultValue("5s") Duration connectTimeout,
		@DefaultValue("10s") Duration requestTimeout, @DefaultValue( {
				"5s", "30s", "2m", "10m", "30m", "1h", "3h", "6h", "12h" }) List<Duration> retryDelays,
		@DefaultValue("0.2") double jitter, @DefaultValue("8") int perSubscription,
		@DefaultValue("256") int maxInFlight, @DefaultValue("500ms") Duration pollInterval,
		@DefaultValue("60s") Duration lease){

	public DeliverySettings {
		retryDelays = List.copyOf(retryDelays);
		if (jitter < 0 || jitter >= 1) {
			throw new IllegalArgumentException("podium.webhooks.delivery.jitter must be from 0 to below 1");
		}
		if (perSubscription < 1 || maxInFlight < 1) {
			throw new IllegalArgumentException("podium.webhooks.delivery concurrency limits must be at least 1");
		}
		if (lease.compareTo(connectTimeout.plus(requestTimeout).plusSeconds(5)) < 0) {
			throw new IllegalArgumentException(
					"podium.webhooks.delivery.lease must exceed the connect and request timeouts by 5 s or more");
		}
	}

}
