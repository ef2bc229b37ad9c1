package dev.podium.platform.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issues and checks API tokens. A token is {@code pdm_} followed by 32 random bytes in
 * base64url; the database keeps only its SHA-256 hash, looked up by the hash and compared
 * in constant time.
 */
public class ApiTokens {

	private static final String PREFIX = "pdm_";

	private static final int MAX_TOKEN_LENGTH = 200;

	private final JdbcClient jdbc;

	private final SecureRandom random = new SecureRandom();

	public ApiTokens(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Issues a new random token. The returned secret is shown once and never stored.
	 */
	public String issue(long organisationId, Role role, Integer participantType, Long participantId, String label) {
		byte[] secret = new byte[32];
		this.random.nextBytes(secret);
		String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		register(organisationId, token, role, participantType, participantId, label);
		return token;
	}

	/**
	 * Registers a token chosen by an operator (the local stack's fixed admin token),
	 * unless it is registered already.
	 */
	public void register(long organisationId, String token, Role role, Integer participantType, Long participantId,
			String label) {
		this.jdbc.sql("""
				insert into api_token (organisation_id, token_hash, role, participant_type, participant_id, label)
				values (:organisation, :hash, :role, :participantType, :participantId, :label)
				on conflict (token_hash) do nothing
				""")
			.param("organisation", organisationId)
			.param("hash", hash(token))
			.param("role", role.wireName())
			.param("participantType", participantType)
			.param("participantId", participantId)
			.param("label", label)
			.update();
	}

	/** Revokes every unrevoked token of an organisation that carries a label. */
	public int revokeLabelled(long organisationId, String label) {
		return this.jdbc.sql("""
				update api_token set revoked_at = now()
				where organisation_id = :organisation and label = :label and revoked_at is null
				""").param("organisation", organisationId).param("label", label).update();
	}

	/**
	 * The caller a presented token stands for, if it is valid and not revoked.
	 * @param presented the header value, with or without a {@code Bearer } prefix
	 */
	public Optional<Caller> authenticate(String presented) {
		if (presented == null) {
			return Optional.empty();
		}
		String token = presented.strip();
		if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
			token = token.substring(7).strip();
		}
		if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
			return Optional.empty();
		}
		byte[] hash = hash(token);
		return this.jdbc.sql("""
				select id, organisation_id, token_hash, role, participant_type, participant_id
				from api_token where token_hash = :hash and revoked_at is null
				""").param("hash", hash).query((rs, n) -> {
			if (!MessageDigest.isEqual(hash, rs.getBytes("token_hash"))) {
				return null;
			}
			Integer type = rs.getObject("participant_type") == null ? null : rs.getInt("participant_type");
			Long participant = rs.getObject("participant_id") == null ? null : rs.getLong("participant_id");
			return new Caller(rs.getLong("organisation_id"), rs.getLong("id"), Role.fromWireName(rs.getString("role")),
					type, participant);
		}).optional();
	}

	static byte[] hash(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
