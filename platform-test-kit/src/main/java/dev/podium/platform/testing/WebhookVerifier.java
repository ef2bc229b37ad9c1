package dev.podium.platform.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies a webhook as a subscriber would, written from the Standard Webhooks
 * specification alone (it shares no code with Podium's signer): the signed content is
 * {@code msg_id + "." + timestamp + "." + payload}, the key is the base64-decoded secret
 * without its {@code whsec_} prefix, the header holds space-separated
 * {@code v1,<base64 HMAC-SHA256>} entries of which one must match, compared in constant
 * time, and the timestamp must be within the tolerance of now.
 */
public final class WebhookVerifier {

	/** The tolerance the specification recommends. */
	public static final Duration TOLERANCE = Duration.ofMinutes(5);

	private WebhookVerifier() {
	}

	/** Whether one of the header's signatures was made with the secret. */
	public static boolean verify(String secret, String msgId, String timestamp, String payload, String signatureHeader,
			Instant now) {
		long seconds;
		try {
			seconds = Long.parseLong(timestamp);
		}
		catch (NumberFormatException ex) {
			return false;
		}
		if (Math.abs(now.getEpochSecond() - seconds) > TOLERANCE.toSeconds()) {
			return false;
		}
		byte[] expected = Base64.getDecoder().decode(expectedSignature(secret, msgId, timestamp, payload));
		for (String entry : signatureHeader.split(" ")) {
			int comma = entry.indexOf(',');
			if (comma < 0 || !"v1".equals(entry.substring(0, comma))) {
				continue;
			}
			byte[] given;
			try {
				given = Base64.getDecoder().decode(entry.substring(comma + 1));
			}
			catch (IllegalArgumentException ex) {
				continue;
			}
			if (MessageDigest.isEqual(expected, given)) {
				return true;
			}
		}
		return false;
	}

	/** The base64 signature the specification prescribes (without {@code v1,}). */
	public static String expectedSignature(String secret, String msgId, String timestamp, String payload) {
		String key = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
		try {
			Mac hmac = Mac.getInstance("HmacSHA256");
			hmac.init(new SecretKeySpec(Base64.getDecoder().decode(key), "HmacSHA256"));
			byte[] signed = hmac.doFinal((msgId + "." + timestamp + "." + payload).getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder().encodeToString(signed);
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
