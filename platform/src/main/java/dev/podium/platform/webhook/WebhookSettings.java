package dev.podium.platform.webhook;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings the webhook API and the dispatcher share.
 *
 * @param secretKey the AES key (base64 of 16, 24 or 32 bytes) that seals the signing
 * secrets in the database ({@code PODIUM_WEBHOOK_SECRET_KEY}); required by the apps that
 * use webhooks, never logged
 * @param allowLoopback whether subscriptions may point at loopback addresses (and use
 * plain {@code http} there): for development and tests only; link-local and metadata
 * addresses are refused even then
 * @param rotationWindow how long the previous secret keeps signing after a rotation
 */
@ConfigurationProperties("podium.webhooks")
public record WebhookSettings(String secretKey, @DefaultValue("false") boolean allowLoopback,
		@DefaultValue("24h") Duration rotationWindow) {

	@Override
	public String toString() {
		return "WebhookSettings[secretKey=(hidden), allowLoopback=" + this.allowLoopback + ", rotationWindow="
				+ this.rotationWindow + "]";
	}

}
