package dev.podium.edge.credential;

import java.text.ParseException;
import java.util.Optional;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import dev.podium.platform.webhook.WebhookSecrets;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Each organisation's Ed25519 signing key (decision 0017), made on first need: the public
 * JWK stored in the clear, the private JWK sealed with AES-GCM under the configured key
 * and bound to the organisation and to this purpose. A private key is opened only to sign
 * and never leaves this class but as a signer's key.
 */
@Component
class SigningKeys {

	static final String PURPOSE = "badge-signing-key";

	private final JdbcClient jdbc;

	private final WebhookSecrets secrets;

	SigningKeys(JdbcClient jdbc, WebhookSecrets secrets) {
		this.jdbc = jdbc;
		this.secrets = secrets;
	}

	/**
	 * The organisation's key pair, made and stored the first time (two concurrent first
	 * calls keep one: the primary key decides).
	 */
	OctetKeyPair privateKey(long organisationId) {
		Optional<OctetKeyPair> known = existingPrivateKey(organisationId);
		if (known.isEmpty()) {
			OctetKeyPair made = generate();
			this.jdbc.sql("""
					insert into organisation_signing_key (organisation_id, key_id, public_jwk, private_jwk)
					values (:organisation, :keyId, :publicJwk, :privateJwk)
					on conflict (organisation_id) do nothing
					""")
				.param("organisation", organisationId)
				.param("keyId", made.getKeyID())
				.param("publicJwk", made.toPublicJWK().toJSONString())
				.param("privateJwk", this.secrets.seal(PURPOSE, organisationId, made.toJSONString()))
				.update();
			known = existingPrivateKey(organisationId);
		}
		return known.orElseThrow();
	}

	/** The organisation's key pair, or empty when it has none yet. */
	Optional<OctetKeyPair> existingPrivateKey(long organisationId) {
		return this.jdbc.sql("select private_jwk from organisation_signing_key where organisation_id = :organisation")
			.param("organisation", organisationId)
			.query(byte[].class)
			.optional()
			.map((sealed) -> {
				try {
					return OctetKeyPair.parse(this.secrets.open(PURPOSE, organisationId, sealed));
				}
				catch (ParseException ex) {
					throw new IllegalStateException(
							"the signing key of organisation " + organisationId + " does not parse");
				}
			});
	}

	/** The organisation's public key, or empty when it has none yet. */
	Optional<OctetKeyPair> publicKey(long organisationId) {
		return this.jdbc.sql("select public_jwk from organisation_signing_key where organisation_id = :organisation")
			.param("organisation", organisationId)
			.query(String.class)
			.optional()
			.map(SigningKeys::parse);
	}

	/** The organisation and public key of a key id, or empty for an unknown one. */
	Optional<IssuerKey> byKeyId(String keyId) {
		return this.jdbc.sql("select organisation_id, public_jwk from organisation_signing_key where key_id = :keyId")
			.param("keyId", keyId)
			.query((rs, n) -> new IssuerKey(rs.getLong("organisation_id"), parse(rs.getString("public_jwk"))))
			.optional();
	}

	private static OctetKeyPair generate() {
		try {
			return new OctetKeyPairGenerator(Curve.Ed25519).keyID(UUID.randomUUID().toString()).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Ed25519 keys cannot be made here", ex);
		}
	}

	private static OctetKeyPair parse(String jwk) {
		try {
			return OctetKeyPair.parse(jwk);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("a stored public key does not parse");
		}
	}

	/**
	 * A public key and the organisation it signs for.
	 *
	 * @param organisationId the organisation
	 * @param key its public key
	 */
	record IssuerKey(long organisationId, OctetKeyPair key) {
	}

}
