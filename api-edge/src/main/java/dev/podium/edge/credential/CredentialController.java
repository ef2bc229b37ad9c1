package dev.podium.edge.credential;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.OctetKeyPair;
import dev.podium.edge.auth.Allow;
import dev.podium.edge.auth.Anonymous;
import dev.podium.edge.web.Paging;
import dev.podium.platform.error.ApiException;
import dev.podium.platform.security.Caller;
import dev.podium.platform.security.Role;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.JsonNode;

/**
 * A grant's Open Badges 3.0 credential ({@code GET /badges/credential?grantid=N}) and the
 * public documents that verify it without a token: the organisation's keys (JWKS), its
 * issuer profile, its revocation status list, and {@code POST /credentials/verify}.
 */
@RestController
class CredentialController {

	static final MediaType VC_JWT = new MediaType("application", "vc+jwt");

	private final BadgeCredentials credentials;

	private final SigningKeys keys;

	private final JdbcClient jdbc;

	CredentialController(BadgeCredentials credentials, SigningKeys keys, JdbcClient jdbc) {
		this.credentials = credentials;
		this.keys = keys;
		this.jdbc = jdbc;
	}

	@GetMapping("/badges/credential")
	@Allow({ Role.ADMIN, Role.COORDINATOR, Role.VIEWER, Role.PARTICIPANT })
	Map<String, Object> credential(@RequestParam(required = false) String grantid, Caller caller) {
		long grant = Paging.positiveLong("grantid", grantid);
		BadgeCredentials.Issued issued = this.credentials.issue(caller, grant, baseUrl());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("success", true);
		body.put("grantid", issued.grantId());
		body.put("statuslistindex", issued.statusIndex());
		body.put("jwt", issued.jwt());
		body.put("credential", issued.credential());
		return body;
	}

	@GetMapping("/organisations/{organisation}/jwks.json")
	@Anonymous
	Map<String, Object> keys(@PathVariable String organisation) {
		OctetKeyPair key = this.keys.publicKey(Paging.positiveLong("organisation", organisation))
			.orElseThrow(() -> ApiException.notFound("key"));
		return Map.of("keys", List.of(key.toPublicJWK().toJSONObject()));
	}

	@GetMapping("/organisations/{organisation}/issuer")
	@Anonymous
	Map<String, Object> issuer(@PathVariable String organisation) {
		long id = Paging.positiveLong("organisation", organisation);
		if (this.keys.publicKey(id).isEmpty()) {
			throw ApiException.notFound("issuer");
		}
		String name = this.jdbc.sql("select name from organisation where id = :id")
			.param("id", id)
			.query(String.class)
			.single();
		Map<String, Object> profile = new LinkedHashMap<>();
		profile.put("@context", BadgeCredentials.CONTEXT);
		profile.put("id", BadgeCredentials.Urls.issuer(baseUrl(), id));
		profile.put("type", List.of("Profile"));
		profile.put("name", name);
		profile.put("publicKeys", BadgeCredentials.Urls.keys(baseUrl(), id));
		return profile;
	}

	@GetMapping("/organisations/{organisation}/credentials/status")
	@Anonymous
	ResponseEntity<String> statusList(@PathVariable String organisation) {
		String list = this.credentials.statusList(Paging.positiveLong("organisation", organisation), baseUrl())
			.orElseThrow(() -> ApiException.notFound("status list"));
		return ResponseEntity.ok().contentType(VC_JWT).body(list);
	}

	@PostMapping("/credentials/verify")
	@Anonymous
	Map<String, Object> verify(@RequestBody(required = false) JsonNode body) {
		JsonNode credential = (body != null && body.isObject()) ? body.get("credential") : null;
		if (credential == null || !credential.isString() || credential.asString().isBlank()
				|| credential.asString().length() > 100_000) {
			throw ApiException.badRequest("credential",
					"credential must be a VC-JWT (compact JWS) of at most 100000 characters");
		}
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("success", true);
		answer.putAll(this.credentials.verify(credential.asString()));
		return answer;
	}

	private static String baseUrl() {
		return ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
	}

}
