package dev.podium.notificationworker.webhooks;

import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import dev.podium.platform.testing.WebhookVerifier;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our signer against the Standard Webhooks specification's published example, and against
 * a verifier written from the specification alone ({@link WebhookVerifier}).
 */
class SignaturesTests {

	// The specification's example (standard-webhooks/spec, "Verifying webhook
	// signatures").
	private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private static final String MSG_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";

	private static final long TIMESTAMP = 1614265330;

	private static final String PAYLOAD = "{\"test\": 2432232314}";

	private static final String EXPECTED = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

	@Test
	void theIndependentVerifierAcceptsTheSpecificationsExample() {
		Instant then = Instant.ofEpochSecond(TIMESTAMP);

		assertThat(WebhookVerifier.verify(SECRET, MSG_ID, Long.toString(TIMESTAMP), PAYLOAD, EXPECTED, then)).isTrue();
		assertThat("v1," + WebhookVerifier.expectedSignature(SECRET, MSG_ID, Long.toString(TIMESTAMP), PAYLOAD))
			.isEqualTo(EXPECTED);
		assertThat(WebhookVerifier.verify(SECRET, MSG_ID, Long.toString(TIMESTAMP), PAYLOAD + " ", EXPECTED, then))
			.as("another payload")
			.isFalse();
		assertThat(WebhookVerifier.verify(SECRET, MSG_ID, Long.toString(TIMESTAMP), PAYLOAD, EXPECTED,
				then.plusSeconds(301)))
			.as("outside the tolerance")
			.isFalse();
	}

	@Test
	void ourSignerProducesTheSpecificationsExample() {
		assertThat(Signatures.sign(SECRET, MSG_ID, TIMESTAMP, PAYLOAD)).isEqualTo(EXPECTED);
	}

	@Test
	void twoSecretsGiveTwoSpaceSeparatedSignaturesEachVerifiable() {
		String other = "whsec_" + Base64.getEncoder().encodeToString(new byte[24]);
		String header = Signatures.header(List.of(other, SECRET), MSG_ID, TIMESTAMP, PAYLOAD);
		Instant then = Instant.ofEpochSecond(TIMESTAMP);

		assertThat(header.split(" ")).hasSize(2).endsWith(EXPECTED);
		assertThat(WebhookVerifier.verify(other, MSG_ID, Long.toString(TIMESTAMP), PAYLOAD, header, then)).isTrue();
		assertThat(WebhookVerifier.verify(SECRET, MSG_ID, Long.toString(TIMESTAMP), PAYLOAD, header, then)).isTrue();
		// Not zeros again: HMAC pads a key with zeros, so all-zero keys of any length are
		// one key.
		byte[] third = new byte[24];
		Arrays.fill(third, (byte) 1);
		assertThat(WebhookVerifier.verify("whsec_" + Base64.getEncoder().encodeToString(third), MSG_ID,
				Long.toString(TIMESTAMP), PAYLOAD, header, then))
			.isFalse();
	}

}
