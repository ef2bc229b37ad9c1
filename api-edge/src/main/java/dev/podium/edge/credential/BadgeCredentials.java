package dev.podium.edge.credential;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.podium.platform.error.ApiException;
import dev.podium.platform.security.Caller;
import dev.podium.platform.security.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes a grant's Open Badges 3.0 credential ({@code OpenBadgeCredential}, W3C VC 2.0 and
 * the OB 3.0 context) as a VC-JWT signed with the organisation's Ed25519 key
 * ({@code alg: EdDSA}), its revocation status list
 * ({@code BitstringStatusListCredential}) and verifies a credential it made (decision
 * 0017).
 */
@Service
class BadgeCredentials {

	static final List<String> CONTEXT = List.of("https://www.w3.org/ns/credentials/v2",
			"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json");

	/** The status list's length in bits at least (the recommended herd privacy). */
	static final int MIN_LIST_BITS = 131_072;

	/** A credential's grant: none when the grant is gone (its challenge deleted). */
	private static final String GRANT = "left join badge_grant g on g.id = c.grant_id";

	/**
	 * Whether a credential is revoked: its grant revoked, or gone (deleting a challenge
	 * deletes its grants and announces them revoked).
	 */
	private static final String REVOKED = "(g.id is null or g.revoked_at is not null)";

	/** The positions an organisation's credentials use, and the revoked ones. */
	private static final String STATUS_BITS = """
			select coalesce(max(c.status_index) + 1, 0) as used,
			       coalesce(array_agg(c.status_index) filter (where
			""" + REVOKED + """
			), '{}') as revoked
			from badge_credential c
			""" + GRANT + " where c.organisation_id = :o";

	private static final JOSEObjectType VC_JWT = new JOSEObjectType("vc+jwt");

	private static final Logger log = LoggerFactory.getLogger(BadgeCredentials.class);

	private final JdbcClient jdbc;

	private final SigningKeys keys;

	private final TransactionTemplate tx;

	private final Clock clock;

	BadgeCredentials(JdbcClient jdbc, SigningKeys keys, TransactionTemplate tx, Clock clock) {
		this.jdbc = jdbc;
		this.keys = keys;
		this.tx = tx;
		this.clock = clock;
	}

	/**
	 * The credential of a grant of the caller's organisation (a participant token: its
	 * own grants only), signed; 404 for any other.
	 */
	Issued issue(Caller caller, long grantId, String baseUrl) {
		Grant grant = grant(caller.organisationId(), grantId)
			.filter((g) -> !caller.is(Role.PARTICIPANT)
					|| (g.participantType() == caller.participantType() && g.participantId() == caller.participantId()))
			.orElseThrow(() -> ApiException.notFound("grant"));
		OctetKeyPair key = this.keys.privateKey(grant.organisationId());
		int index = statusIndex(grant);
		Map<String, Object> credential = credential(grant, index, baseUrl);
		String jwt = sign(key, credential, Urls.issuer(baseUrl, grant.organisationId()), (String) credential.get("id"));
		log.info("Issued the credential of grant {} (organisation {}, status index {})", grantId,
				grant.organisationId(), index);
		return new Issued(grantId, index, jwt, credential);
	}

	/**
	 * The organisation's revocation status list, signed; empty when the organisation has
	 * not issued a credential yet.
	 */
	Optional<String> statusList(long organisationId, String baseUrl) {
		Optional<OctetKeyPair> known = this.keys.existingPrivateKey(organisationId);
		if (known.isEmpty()) {
			return Optional.empty();
		}
		OctetKeyPair key = known.get();
		// The positions in use and the revoked ones in one statement: a credential made
		// meanwhile is in both or in neither.
		StatusBits bits = this.jdbc.sql(STATUS_BITS)
			.param("o", organisationId)
			.query((rs, n) -> new StatusBits(rs.getInt("used"), List.of((Integer[]) rs.getArray("revoked").getArray())))
			.single();
		String url = Urls.statusList(baseUrl, organisationId);
		Map<String, Object> subject = new LinkedHashMap<>();
		subject.put("id", url + "#list");
		subject.put("type", "BitstringStatusList");
		subject.put("statusPurpose", "revocation");
		subject.put("encodedList", encodedList(bits.revoked(), bits.used()));
		Map<String, Object> credential = new LinkedHashMap<>();
		credential.put("@context", List.of(CONTEXT.get(0)));
		credential.put("id", url);
		credential.put("type", List.of("VerifiableCredential", "BitstringStatusListCredential"));
		credential.put("issuer", Urls.issuer(baseUrl, organisationId));
		credential.put("validFrom", this.clock.instant().toString());
		credential.put("credentialSubject", subject);
		return Optional.of(sign(key, credential, Urls.issuer(baseUrl, organisationId), url));
	}

	/**
	 * Verifies a credential: the signature against the key its header names, the issuer
	 * against that key's organisation, and its status (revoked or not).
	 */
	Map<String, Object> verify(String compact) {
		Map<String, Object> answer = new LinkedHashMap<>();
		List<String> errors = new ArrayList<>();
		answer.put("verified", false);
		answer.put("revoked", null);
		answer.put("errors", errors);
		SignedJWT jwt;
		try {
			jwt = SignedJWT.parse(compact.strip());
		}
		catch (ParseException ex) {
			errors.add("not a compact JWS");
			return answer;
		}
		if (!JWSAlgorithm.EdDSA.equals(jwt.getHeader().getAlgorithm()) || jwt.getHeader().getKeyID() == null) {
			errors.add("not signed with EdDSA under a key id");
			return answer;
		}
		Optional<SigningKeys.IssuerKey> issuer = this.keys.byKeyId(jwt.getHeader().getKeyID());
		if (issuer.isEmpty()) {
			errors.add("unknown key");
			return answer;
		}
		try {
			if (!jwt.verify(new Ed25519Verifier(issuer.get().key()))) {
				errors.add("the signature does not verify");
				return answer;
			}
			Map<String, Object> claims = jwt.getJWTClaimsSet().toJSONObject();
			Object issuerId = (claims.get("issuer") instanceof Map<?, ?> profile) ? profile.get("id")
					: claims.get("issuer");
			if (!(issuerId instanceof String id)
					|| !id.endsWith("/organisations/" + issuer.get().organisationId() + "/issuer")) {
				errors.add("the issuer is not the key's organisation");
				return answer;
			}
			answer.put("verified", true);
			answer.put("revoked", revoked(issuer.get().organisationId(), claims));
			answer.put("credential", claims);
			return answer;
		}
		catch (JOSEException | ParseException ex) {
			errors.add("the signature does not verify");
			return answer;
		}
	}

	/** Whether the status list entry of a credential says revoked, null without one. */
	private Boolean revoked(long organisationId, Map<String, Object> claims) {
		if (!(claims.get("credentialStatus") instanceof Map<?, ?> status)
				|| !(status.get("statusListIndex") instanceof String index)) {
			return null;
		}
		return this.jdbc
			.sql("select " + REVOKED + " from badge_credential c " + GRANT
					+ " where c.organisation_id = :o and c.status_index = :index")
			.param("o", organisationId)
			.param("index", Integer.parseInt(index))
			.query(Boolean.class)
			.optional()
			.orElse(null);
	}

	private Optional<Grant> grant(long organisationId, long grantId) {
		return this.jdbc
			.sql("""
					select g.id, g.organisation_id, g.badge_id, g.participant_type, g.participant_id, g.source,
					       g.challenge_id, g.rule_id, g.granted_at, b.name, b.description, b.icon_url, o.name as issuer_name,
					       p.credential_identifier
					from badge_grant g
					join badge b on b.id = g.badge_id
					join organisation o on o.id = g.organisation_id
					left join participant p on p.organisation_id = g.organisation_id
					     and p.participant_type = g.participant_type and p.participant_id = g.participant_id
					where g.organisation_id = :organisation and g.id = :grant
					""")
			.param("organisation", organisationId)
			.param("grant", grantId)
			.query((rs, n) -> new Grant(rs.getLong("id"), rs.getLong("organisation_id"), rs.getLong("badge_id"),
					rs.getInt("participant_type"), rs.getLong("participant_id"), rs.getString("source"),
					(Long) rs.getObject("challenge_id"), (Long) rs.getObject("rule_id"),
					rs.getTimestamp("granted_at").toInstant(), rs.getString("name"), rs.getString("description"),
					rs.getString("icon_url"), rs.getString("issuer_name"), rs.getString("credential_identifier")))
			.optional();
	}

	/**
	 * The grant's position in the status list, handed out once: the organisation's
	 * counter under its row lock, the grant's row the idempotency guarantee.
	 */
	private int statusIndex(Grant grant) {
		return this.tx.execute((status) -> {
			Optional<Integer> known = known(grant.id());
			if (known.isPresent()) {
				return known.get();
			}
			int next = this.jdbc.sql("""
					update organisation_signing_key set next_status_index = next_status_index + 1
					where organisation_id = :o returning next_status_index - 1
					""").param("o", grant.organisationId()).query(Integer.class).single();
			this.jdbc.sql("""
					insert into badge_credential (grant_id, organisation_id, status_index) values (:grant, :o, :index)
					on conflict (grant_id) do nothing
					""").param("grant", grant.id()).param("o", grant.organisationId()).param("index", next).update();
			return known(grant.id()).orElseThrow();
		});
	}

	private Optional<Integer> known(long grantId) {
		return this.jdbc.sql("select status_index from badge_credential where grant_id = :grant")
			.param("grant", grantId)
			.query(Integer.class)
			.optional();
	}

	private Map<String, Object> credential(Grant grant, int index, String baseUrl) {
		String issuerUrl = Urls.issuer(baseUrl, grant.organisationId());
		Map<String, Object> issuer = new LinkedHashMap<>();
		issuer.put("id", issuerUrl);
		issuer.put("type", List.of("Profile"));
		issuer.put("name", grant.issuerName());
		Map<String, Object> achievement = new LinkedHashMap<>();
		achievement.put("id", baseUrl + "/badges?id=" + grant.badgeId());
		achievement.put("type", List.of("Achievement"));
		achievement.put("name", grant.badgeName());
		achievement.put("description", grant.description());
		achievement.put("criteria", Map.of("narrative", criteria(grant)));
		if (grant.iconUrl() != null) {
			achievement.put("image", Map.of("id", grant.iconUrl(), "type", "Image"));
		}
		Map<String, Object> identity = new LinkedHashMap<>();
		identity.put("type", "IdentityObject");
		identity.put("identityHash", (grant.identifier() != null) ? grant.identifier()
				: "podium:" + grant.organisationId() + ":" + grant.participantType() + ":" + grant.participantId());
		identity.put("identityType", (grant.identifier() != null) ? "identifier" : "systemId");
		identity.put("hashed", false);
		Map<String, Object> subject = new LinkedHashMap<>();
		subject.put("type", List.of("AchievementSubject"));
		subject.put("identifier", List.of(identity));
		subject.put("achievement", achievement);
		String statusList = Urls.statusList(baseUrl, grant.organisationId());
		Map<String, Object> status = new LinkedHashMap<>();
		status.put("id", statusList + "#" + index);
		status.put("type", "BitstringStatusListEntry");
		status.put("statusPurpose", "revocation");
		status.put("statusListIndex", Integer.toString(index));
		status.put("statusListCredential", statusList);
		Map<String, Object> credential = new LinkedHashMap<>();
		credential.put("@context", CONTEXT);
		credential.put("id", "urn:uuid:" + UUID.nameUUIDFromBytes(
				("podium-grant/" + grant.organisationId() + "/" + grant.id()).getBytes(StandardCharsets.UTF_8)));
		credential.put("type", List.of("VerifiableCredential", "OpenBadgeCredential"));
		credential.put("issuer", issuer);
		credential.put("validFrom", grant.grantedAt().toString());
		credential.put("name", grant.badgeName());
		credential.put("credentialSubject", subject);
		credential.put("credentialStatus", status);
		return credential;
	}

	private static String criteria(Grant grant) {
		return switch (grant.source()) {
			case "challenge" -> "Awarded for winning challenge " + grant.challengeId() + ".";
			case "rule" -> "Awarded by badge rule " + grant.ruleId() + ".";
			default -> "Awarded by the organisation.";
		};
	}

	private static String sign(OctetKeyPair key, Map<String, Object> credential, String issuer, String id) {
		try {
			Map<String, Object> claims = new LinkedHashMap<>(credential);
			claims.put("iss", issuer);
			claims.put("jti", id);
			JWTClaimsSet set = JWTClaimsSet.parse(claims);
			SignedJWT jwt = new SignedJWT(
					new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID(key.getKeyID()).type(VC_JWT).build(), set);
			jwt.sign(new Ed25519Signer(key));
			return jwt.serialize();
		}
		catch (JOSEException | ParseException ex) {
			throw new IllegalStateException("a credential could not be signed", ex);
		}
	}

	/**
	 * The Bitstring Status List's {@code encodedList}: the GZIP of the bits (index 0 the
	 * most significant bit of the first byte), base64url without padding, multibase
	 * prefix {@code u}.
	 */
	static String encodedList(List<Integer> set, int used) {
		int bits = Math.max(MIN_LIST_BITS, ((used + MIN_LIST_BITS - 1) / MIN_LIST_BITS) * MIN_LIST_BITS);
		byte[] list = new byte[bits / 8];
		for (int index : set) {
			list[index / 8] |= (byte) (0x80 >>> (index % 8));
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
			gzip.write(list);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return "u" + Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
	}

	/**
	 * An organisation's status list as stored.
	 *
	 * @param used how many positions are in use (the highest one and one)
	 * @param revoked the revoked positions
	 */
	private record StatusBits(int used, List<Integer> revoked) {
	}

	/**
	 * A grant as its credential needs it.
	 */
	private record Grant(long id, long organisationId, long badgeId, int participantType, long participantId,
			String source, Long challengeId, Long ruleId, Instant grantedAt, String badgeName, String description,
			String iconUrl, String issuerName, String identifier) {
	}

	/**
	 * A signed credential.
	 *
	 * @param grantId the grant
	 * @param statusIndex its position in the organisation's status list
	 * @param jwt the VC-JWT
	 * @param credential the credential it carries
	 */
	record Issued(long grantId, int statusIndex, String jwt, Map<String, Object> credential) {
	}

	/** The public addresses of an organisation's issuer documents. */
	static final class Urls {

		private Urls() {
		}

		static String issuer(String baseUrl, long organisationId) {
			return baseUrl + "/organisations/" + organisationId + "/issuer";
		}

		static String statusList(String baseUrl, long organisationId) {
			return baseUrl + "/organisations/" + organisationId + "/credentials/status";
		}

		static String keys(String baseUrl, long organisationId) {
			return baseUrl + "/organisations/" + organisationId + "/jwks.json";
		}

	}

}
