package dev.podium.notificationworker.webhooks;

import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

import dev.podium.platform.webhook.WebhookSecrets;
import dev.podium.platform.webhook.WebhookSettings;
import dev.podium.platform.webhook.WebhookUrls;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The webhook machinery of the notification-worker: the secret opener (the worker does
 * not start without {@code podium.webhooks.secret-key}), the address policy, the sender
 * and the dispatcher.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ WebhookSettings.class, DeliverySettings.class })
class WebhookConfiguration {

	@Bean
	WebhookSecrets webhookSecrets(WebhookSettings settings) {
		return new WebhookSecrets(settings.secretKey());
	}

	@Bean
	WebhookUrls webhookUrls(WebhookSettings settings) {
		return new WebhookUrls(settings.allowLoopback());
	}

	@Bean
	Sender webhookSender(WebhookUrls urls, WebhookSecrets secrets, DeliverySettings settings, Clock clock) {
		return new Sender(Sender.client(settings.connectTimeout()), urls, secrets, settings.requestTimeout(), clock);
	}

	@Bean
	Dispatcher webhookDispatcher(DeliveryQueue queue, Sender sender, DeliverySettings settings, MeterRegistry meters) {
		return new Dispatcher(queue, sender, new RetryPolicy(settings.retryDelays(), settings.jitter(),
				() -> ThreadLocalRandom.current().nextDouble()), settings, meters);
	}

}
