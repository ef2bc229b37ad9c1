package dev.podium.platform.webhook;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signing secrets of webhook subscriptions. A secret is {@code whsec_} followed by the
 * base64 of 24 random bytes (the Standard Webhooks form); it is shown once and stored
 * sealed with AES-GCM under the configured key, because the dispatcher must compute HMACs
 * with it (a one-way hash would not do). The organisation id is bound into the seal as
 * associated data, so a sealed secret copied to another organisation's row does not open.
 *
 * <p>
 * Stored form: {@code version (1 byte) | IV (12 bytes) | ciphertext with tag}.
 */
public final class WebhookSecrets {

	/** The prefix of every signing secret. */
	public static final String PREFIX = "whsec_";

	private static final int SECRET_BYTES = 24;

	private static final byte VERSION = 1;

	/**
	 * The purpose of webhook signing secrets (the associated data they were sealed with).
	 */
	private static final String WEBHOOK_SECRET = "webhook-secret";

	private static final int IV_BYTES = 12;

	private static final int TAG_BITS = 128;

	private final SecretKeySpec key;

	private final SecureRandom random = new SecureRandom();

	/**
	 * @param base64Key the key from {@code podium.webhooks.secret-key}
	 * @throws IllegalStateException when the key is missing or not base64 of 16, 24 or 32
	 * bytes (the message never contains the key)
	 */
	public WebhookSecrets(String base64Key) {
		if (base64Key == null || base64Key.isBlank()) {
			throw new IllegalStateException(
					"podium.webhooks.secret-key (PODIUM_WEBHOOK_SECRET_KEY) is required: the base64 of a 32-byte AES key");
		}
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(base64Key.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("podium.webhooks.secret-key is not base64");
		}
		if (bytes.length != 16 && bytes.length != 24 && bytes.length != 32) {
			throw new IllegalStateException("podium.webhooks.secret-key must be the base64 of 16, 24 or 32 bytes");
		}
		this.key = new SecretKeySpec(bytes, "AES");
	}

	/** A new signing secret: {@code whsec_} and the base64 of 24 random bytes. */
	public String generate() {
		byte[] bytes = new byte[SECRET_BYTES];
		this.random.nextBytes(bytes);
		return PREFIX + Base64.getEncoder().encodeToString(bytes);
	}

	/** Seals a secret of an organisation for storage. */
	public byte[] seal(long organisationId, String secret) {
		return seal(WEBHOOK_SECRET, organisationId, secret);
	}

	/**
	 * Seals another secret of an organisation under the same key, bound to its purpose
	 * (e.g. {@code badge-signing-key}): a seal made for one purpose does not open as
	 * another.
	 */
	public byte[] seal(String purpose, long organisationId, String secret) {
		byte[] iv = new byte[IV_BYTES];
		this.random.nextBytes(iv);
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, iv));
			cipher.updateAAD(associatedData(purpose, organisationId));
			byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
			return ByteBuffer.allocate(1 + IV_BYTES + sealed.length).put(VERSION).put(iv).put(sealed).array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available", ex);
		}
	}

	/**
	 * Opens a sealed secret of an organisation.
	 * @throws IllegalStateException when the seal does not open (another key, another
	 * organisation, tampered bytes)
	 */
	public String open(long organisationId, byte[] sealed) {
		return open(WEBHOOK_SECRET, organisationId, sealed);
	}

	/**
	 * Opens a secret sealed with {@link #seal(String, long, String)} for that purpose.
	 */
	public String open(String purpose, long organisationId, byte[] sealed) {
		if (sealed == null || sealed.length < 1 + IV_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
			throw new IllegalStateException("not a sealed webhook secret");
		}
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, sealed, 1, IV_BYTES));
			cipher.updateAAD(associatedData(purpose, organisationId));
			byte[] plain = cipher.doFinal(sealed, 1 + IV_BYTES, sealed.length - 1 - IV_BYTES);
			return new String(plain, StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("a webhook secret does not open with the configured key");
		}
	}

	private static byte[] associatedData(String purpose, long organisationId) {
		return ("podium-" + purpose + "/" + organisationId).getBytes(StandardCharsets.UTF_8);
	}

}
