package dev.podium.notificationworker.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.podium.platform.webhook.WebhookSecrets;

/**
 * Standard Webhooks signatures: {@code v1,} and the base64 of the HMAC-SHA256 of
 * {@code "<webhook-id>.<webhook-timestamp>.<body>"}, keyed with the base64-decoded part
 * of the secret after {@code whsec_}. Several signatures (during a rotation window) are
 * separated by spaces.
 */
final class Signatures {

	private Signatures() {
	}

	/** One signature, {@code v1,<base64>}. */
	static String sign(String secret, String messageId, long timestamp, String body) {
		String encoded = secret.startsWith(WebhookSecrets.PREFIX) ? secret.substring(WebhookSecrets.PREFIX.length())
				: secret;
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(Base64.getDecoder().decode(encoded), "HmacSHA256"));
			mac.update((messageId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
			byte[] digest = mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
			return "v1," + Base64.getEncoder().encodeToString(digest);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	/** The {@code webhook-signature} header: one signature per secret, in order. */
	static String header(List<String> secrets, String messageId, long timestamp, String body) {
		return secrets.stream()
			.map((secret) -> sign(secret, messageId, timestamp, body))
			.collect(Collectors.joining(" "));
	}

}
