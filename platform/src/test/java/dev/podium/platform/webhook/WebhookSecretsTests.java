package dev.podium.platform.webhook;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookSecretsTests {

	private static final String KEY = Base64.getEncoder()
		.encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

	private final WebhookSecrets secrets = new WebhookSecrets(KEY);

	@Test
	void aSecretIsWhsecAndTheBase64Of24RandomBytes() {
		String secret = this.secrets.generate();

		assertThat(secret).startsWith("whsec_");
		assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSize(24);
		assertThat(this.secrets.generate()).isNotEqualTo(secret);
	}

	@Test
	void aSealedSecretOpensForItsOrganisationOnly() {
		String secret = this.secrets.generate();
		byte[] sealed = this.secrets.seal(7, secret);

		assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain(secret.substring(6));
		assertThat(this.secrets.open(7, sealed)).isEqualTo(secret);
		assertThat(this.secrets.seal(7, secret)).as("a fresh IV every time").isNotEqualTo(sealed);
		assertThatThrownBy(() -> this.secrets.open(8, sealed)).isInstanceOf(IllegalStateException.class);
		sealed[sealed.length - 1] ^= 1;
		assertThatThrownBy(() -> this.secrets.open(7, sealed)).isInstanceOf(IllegalStateException.class);
	}

	@Test
	void aSecretSealedForOnePurposeOpensForThatPurposeOnly() {
		byte[] key = this.secrets.seal("badge-signing-key", 7, "{\"kty\":\"OKP\"}");
		byte[] webhook = this.secrets.seal(7, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

		assertThat(this.secrets.open("badge-signing-key", 7, key)).isEqualTo("{\"kty\":\"OKP\"}");
		assertThat(this.secrets.open("webhook-secret", 7, webhook)).startsWith("whsec_");
		assertThatThrownBy(() -> this.secrets.open(7, key)).isInstanceOf(IllegalStateException.class);
		assertThatThrownBy(() -> this.secrets.open("badge-signing-key", 7, webhook))
			.isInstanceOf(IllegalStateException.class);
		assertThatThrownBy(() -> this.secrets.open("badge-signing-key", 8, key))
			.isInstanceOf(IllegalStateException.class);
	}

	@Test
	void anotherKeyDoesNotOpenIt() {
		byte[] sealed = this.secrets.seal(7, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
		WebhookSecrets other = new WebhookSecrets(Base64.getEncoder().encodeToString(new byte[32]));

		assertThatThrownBy(() -> other.open(7, sealed)).isInstanceOf(IllegalStateException.class)
			.hasMessageNotContaining("MfKQ");
	}

	@Test
	void theKeyMustBeBase64Of16To32BytesAndIsNeverEchoed() {
		assertThatThrownBy(() -> new WebhookSecrets(null)).hasMessageContaining("PODIUM_WEBHOOK_SECRET_KEY");
		assertThatThrownBy(() -> new WebhookSecrets(" ")).hasMessageContaining("required");
		assertThatThrownBy(() -> new WebhookSecrets("not base64!")).hasMessageNotContaining("not base64!");
		assertThatThrownBy(() -> new WebhookSecrets(Base64.getEncoder().encodeToString(new byte[20])))
			.hasMessageContaining("16, 24 or 32");
	}

}
