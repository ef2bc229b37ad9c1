package dev.podium.edge.webhook;

import dev.podium.platform.webhook.WebhookSecrets;
import dev.podium.platform.webhook.WebhookSettings;
import dev.podium.platform.webhook.WebhookUrls;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The webhook settings, the secret sealer (the edge does not start without
 * {@code podium.webhooks.secret-key}) and the address policy.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebhookSettings.class)
class WebhookConfiguration {

	@Bean
	WebhookSecrets webhookSecrets(WebhookSettings settings) {
		return new WebhookSecrets(settings.secretKey());
	}

	@Bean
	WebhookUrls webhookUrls(WebhookSettings settings) {
		return new WebhookUrls(settings.allowLoopback());
	}

}
