package dev.podium.edge.credential;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import dev.podium.edge.EdgeTest;
import dev.podium.edge.EdgeTestSupport;
import dev.podium.platform.testing.ApiClient;
import dev.podium.platform.testing.TestTenant;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every grant's credential verifies with an independent implementation (jose4j, not the
 * library that signed it) against the organisation's public key document, fails after
 * tampering, and shows revoked in the status list after a revoke.
 */
@EdgeTest
class CredentialIntegrationTests extends EdgeTestSupport {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	JdbcClient jdbc;

	@Test
	void everyKindOfGrantIsACredentialThatAnIndependentVerifierAccepts() throws Exception {
		long badge = badge("Champion");
		long challenge = createChallenge(this.tenant.admin(), "won");
		long rule = this.jdbc.sql("""
				insert into badge_rule (organisation_id, badge_id, rule_type, threshold) values (:o, :b, 2, 100)
				returning id""").param("o", this.tenant.organisationId()).param("b", badge).query(Long.class).single();
		this.api.send("PUT", "/participants", this.tenant.admin(), List
			.of(Map.of("participanttype", 2, "participantid", 1, "name", "Ada", "identifier", "ada@example.org")),
				Map.of());

		for (long grant : List.of(grant(badge, "challenge", challenge, null), grant(badge, "rule", null, rule),
				grant(badge, "manual", null, null))) {
			ApiClient.Response answer = this.api.get("/badges/credential?grantid=" + grant, this.tenant.viewer());
			assertThat(answer.status()).as(answer.text()).isEqualTo(200);
			String jwt = answer.json().get("jwt").asString();

			JsonWebSignature jws = verified(jwt);
			JsonNode payload = JSON.readTree(jws.getPayload());
			assertThat(jws.getHeader("typ")).isEqualTo("vc+jwt");
			assertThat(payload.get("@context").toString()).contains("https://www.w3.org/ns/credentials/v2",
					"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json");
			assertThat(payload.get("type").toString()).contains("OpenBadgeCredential");
			assertThat(payload.at("/credentialSubject/achievement/name").asString()).isEqualTo("Champion");
			assertThat(payload.at("/credentialSubject/identifier/0/identityHash").asString())
				.isEqualTo("ada@example.org");
			assertThat(payload.at("/issuer/id").asString())
				.endsWith("/organisations/" + this.tenant.organisationId() + "/issuer");
			assertThat(payload.at("/credentialStatus/type").asString()).isEqualTo("BitstringStatusListEntry");
		}
	}

	@Test
	void aTamperedCredentialFailsAndARevokedOneShowsRevokedInTheStatusList() throws Exception {
		long badge = badge("Revocable");
		long kept = grant(badge, "manual", null, null);
		long revoked = this.jdbc.sql("""
				insert into badge_grant (organisation_id, badge_id, participant_type, participant_id, source)
				values (:o, :b, 2, 2, 'manual') returning id
				""").param("o", this.tenant.organisationId()).param("b", badge).query(Long.class).single();
		String keptJwt = this.api.get("/badges/credential?grantid=" + kept, this.tenant.admin())
			.json()
			.get("jwt")
			.asString();
		JsonNode revokedAnswer = this.api.get("/badges/credential?grantid=" + revoked, this.tenant.admin()).json();
		String revokedJwt = revokedAnswer.get("jwt").asString();
		int revokedIndex = revokedAnswer.get("statuslistindex").asInt();
		int keptIndex = this.api.get("/badges/credential?grantid=" + kept, this.tenant.admin())
			.json()
			.get("statuslistindex")
			.asInt();

		String tampered = tamper(keptJwt);
		assertThat(jose4jAccepts(tampered)).isFalse();
		assertThat(verifyEndpoint(tampered).get("verified").asBoolean()).isFalse();
		assertThat(verifyEndpoint(keptJwt).get("verified").asBoolean()).isTrue();
		assertThat(verifyEndpoint(revokedJwt).get("revoked").asBoolean()).isFalse();
		assertThat(bit(revokedIndex)).isZero();

		ApiClient.Response revoke = this.api.post("/badges/revoke", this.tenant.admin(),
				Map.of("grantid", revoked, "reason", "issued in error"));
		assertThat(revoke.status()).as(revoke.text()).isEqualTo(200);

		assertThat(bit(revokedIndex)).isEqualTo(1);
		assertThat(bit(keptIndex)).isZero();
		JsonNode verdict = verifyEndpoint(revokedJwt);
		assertThat(verdict.get("verified").asBoolean()).isTrue();
		assertThat(verdict.get("revoked").asBoolean()).isTrue();
		assertThat(keptIndex).isNotEqualTo(revokedIndex);
	}

	@Test
	void theCredentialOfAGrantThatIsGoneShowsRevoked() throws Exception {
		long badge = badge("Deleted with its challenge");
		long grant = grant(badge, "challenge", createChallenge(this.tenant.admin(), "to be deleted"), null);
		JsonNode issued = this.api.get("/badges/credential?grantid=" + grant, this.tenant.admin()).json();
		int index = issued.get("statuslistindex").asInt();
		assertThat(bit(index)).isZero();

		// Deleting a challenge deletes its grants (and announces them revoked): the
		// close-worker's statement.
		this.jdbc.sql("delete from badge_grant where id = :id").param("id", grant).update();

		assertThat(bit(index)).isEqualTo(1);
		JsonNode verdict = verifyEndpoint(issued.get("jwt").asString());
		assertThat(verdict.get("verified").asBoolean()).isTrue();
		assertThat(verdict.get("revoked").asBoolean()).isTrue();
	}

	@Test
	void privateKeysAreSealedAndNeverAnsweredAndOtherOrganisationsGrantsAreNotFound() {
		long grant = grant(badge("Private"), "manual", null, null);
		String credential = this.api.get("/badges/credential?grantid=" + grant, this.tenant.admin()).text();
		JsonNode jwks = this.api.get("/organisations/" + this.tenant.organisationId() + "/jwks.json", null).json();
		byte[] stored = this.jdbc.sql("select private_jwk from organisation_signing_key where organisation_id = :o")
			.param("o", this.tenant.organisationId())
			.query(byte[].class)
			.single();
		TestTenant other = TestTenant.create(this.context);

		assertThat(jwks.at("/keys/0/kty").asString()).isEqualTo("OKP");
		assertThat(jwks.at("/keys/0/crv").asString()).isEqualTo("Ed25519");
		assertThat(jwks.at("/keys/0").has("d")).isFalse();
		assertThat(credential).doesNotContain("\"d\"");
		assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("Ed25519").doesNotContain("\"d\"");
		assertThat(this.api.get("/badges/credential?grantid=" + grant, other.admin()).status()).isEqualTo(404);
		// A participant token (participant 2:1) fetches its own grants' credentials only.
		long anothers = this.jdbc.sql("""
				insert into badge_grant (organisation_id, badge_id, participant_type, participant_id, source)
				values (:o, (select badge_id from badge_grant where id = :g), 2, 2, 'manual') returning id
				""").param("o", this.tenant.organisationId()).param("g", grant).query(Long.class).single();
		assertThat(this.api.get("/badges/credential?grantid=" + grant, this.tenant.participant()).status())
			.isEqualTo(200);
		assertThat(this.api.get("/badges/credential?grantid=" + anothers, this.tenant.participant()).status())
			.isEqualTo(404);
		assertThat(this.api.get("/badges/credential?grantid=x", this.tenant.admin()).json().get("field").asString())
			.isEqualTo("grantid");
		assertThat(this.api.get("/organisations/" + other.organisationId() + "/credentials/status", null).status())
			.isEqualTo(404);
		assertThat(this.api.post("/credentials/verify", null, Map.of("credential", 5)).json().get("field").asString())
			.isEqualTo("credential");
	}

	/** Verifies a VC-JWT with jose4j against the organisation's published JWKS. */
	private JsonWebSignature verified(String jwt) throws JoseException {
		JsonWebSignature jws = new JsonWebSignature();
		jws.setAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, "EdDSA"));
		jws.setCompactSerialization(jwt);
		String keys = this.api.get("/organisations/" + this.tenant.organisationId() + "/jwks.json", null).text();
		JsonWebKey key = new JsonWebKeySet(keys).getJsonWebKeys()
			.stream()
			.filter((k) -> k.getKeyId().equals(jws.getKeyIdHeaderValue()))
			.findFirst()
			.orElseThrow();
		jws.setKey(key.getKey());
		assertThat(jws.verifySignature()).as("jose4j verifies the signature").isTrue();
		return jws;
	}

	private boolean jose4jAccepts(String jwt) {
		try {
			verified(jwt);
			return true;
		}
		catch (AssertionError | JoseException ex) {
			return false;
		}
	}

	/** The credential with its badge renamed and the original signature kept. */
	private static String tamper(String jwt) {
		String[] parts = jwt.split("\\.");
		String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
		String changed = payload.replace("\"Revocable\"", "\"Revocable (gold)\"");
		assertThat(changed).isNotEqualTo(payload);
		return parts[0] + "."
				+ Base64.getUrlEncoder().withoutPadding().encodeToString(changed.getBytes(StandardCharsets.UTF_8)) + "."
				+ parts[2];
	}

	private JsonNode verifyEndpoint(String jwt) {
		ApiClient.Response answer = this.api.post("/credentials/verify", null, Map.of("credential", jwt));
		assertThat(answer.status()).as(answer.text()).isEqualTo(200);
		return answer.json();
	}

	/**
	 * A status bit from the organisation's status list credential, fetched without a
	 * token, verified with jose4j and decoded (multibase base64url, GZIP, most
	 * significant bit first).
	 */
	private int bit(int index) throws JoseException, IOException {
		ApiClient.Response list = this.api.get("/organisations/" + this.tenant.organisationId() + "/credentials/status",
				null);
		assertThat(list.status()).as(list.text()).isEqualTo(200);
		JsonNode payload = JSON.readTree(verified(list.text()).getPayload());
		assertThat(payload.get("type").toString()).contains("BitstringStatusListCredential");
		String encoded = payload.at("/credentialSubject/encodedList").asString();
		assertThat(encoded).startsWith("u");
		byte[] bits;
		try (GZIPInputStream in = new GZIPInputStream(
				new ByteArrayInputStream(Base64.getUrlDecoder().decode(encoded.substring(1))))) {
			bits = in.readAllBytes();
		}
		assertThat(bits.length * 8).isGreaterThanOrEqualTo(131_072);
		return (bits[index / 8] >> (7 - index % 8)) & 1;
	}

	private long badge(String name) {
		return this.jdbc
			.sql("insert into badge (organisation_id, name, description) values (:o, :n, 'a badge') returning id")
			.param("o", this.tenant.organisationId())
			.param("n", name)
			.query(Long.class)
			.single();
	}

	private long grant(long badge, String source, Long challenge, Long rule) {
		return this.jdbc.sql("""
				insert into badge_grant (organisation_id, badge_id, participant_type, participant_id, source,
				                         challenge_id, rule_id)
				values (:o, :b, 2, 1, :source, :challenge, :rule) returning id
				""")
			.param("o", this.tenant.organisationId())
			.param("b", badge)
			.param("source", source)
			.param("challenge", challenge)
			.param("rule", rule)
			.query(Long.class)
			.single();
	}

}
