package dev.podium.edge.badge;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.Temporal;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.podium.edge.auth.Allow;
import dev.podium.edge.web.Paging;
import dev.podium.edge.web.ParticipantFilter;
import dev.podium.edge.web.RequestFields;
import dev.podium.platform.error.ApiException;
import dev.podium.platform.input.Dates;
import dev.podium.platform.security.Caller;
import dev.podium.platform.security.Role;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Badge grants: {@code GET /challenges/badges} (the ledger's filter shape; a participant
 * token sees only its own grants), {@code POST /badges/grant} and
 * {@code POST /badges/revoke} (manual, each with its event).
 */
@RestController
class GrantController {

	static final int MAX_NOTES = 1000;

	private final Grants grants;

	private final Granting granting;

	GrantController(Grants grants, Granting granting) {
		this.grants = grants;
		this.granting = granting;
	}

	/**
	 * Grants newest first. {@code from}/{@code to} are inclusive: a date
	 * ({@code YYYY-MM-DD}, a whole day in the organisation's time zone) or an ISO-8601
	 * time with offset. Revoked grants are listed (with {@code revokedat}) unless
	 * {@code includerevoked=0}.
	 */
	@GetMapping("/challenges/badges")
	@Allow({ Role.ADMIN, Role.COORDINATOR, Role.VIEWER, Role.PARTICIPANT })
	Map<String, Object> list(@RequestParam(required = false) String participanttype,
			@RequestParam(required = false) String participantid, @RequestParam(required = false) String challengeid,
			@RequestParam(required = false) String badgeid, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to, @RequestParam(required = false) String includerevoked,
			@RequestParam(required = false) String page, @RequestParam(required = false) String perPage,
			Caller caller) {
		ParticipantFilter participant = ParticipantFilter.of(participanttype, participantid, false).forCaller(caller);
		Long challenge = optionalId("challengeid", challengeid);
		Long badge = optionalId("badgeid", badgeid);
		Temporal since = time("from", from);
		Temporal until = time("to", to);
		if ((since instanceof LocalDate a && until instanceof LocalDate b && b.isBefore(a))
				|| (since instanceof Instant c && until instanceof Instant d && d.isBefore(c))) {
			throw ApiException.badRequest("to", "to is before from");
		}
		boolean revoked = RequestFields.flag("includerevoked", includerevoked, true);
		Paging paging = Paging.of(page, perPage);
		Grants.GrantFilter filter = new Grants.GrantFilter(participant.type(), participant.id(), challenge, badge,
				since, until, revoked);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("success", true);
		body.put("page", paging.page());
		body.put("perPage", paging.perPage());
		body.put("totalrows", this.grants.count(caller.organisationId(), filter));
		body.put("rows", this.grants.list(caller.organisationId(), filter, paging.page(), paging.perPage()));
		return body;
	}

	/**
	 * A manual grant: 201 with the new grant, or 200 with the unrevoked manual grant the
	 * participant already holds (nothing written, no event).
	 */
	@PostMapping("/badges/grant")
	@Allow(Role.ADMIN)
	ResponseEntity<Map<String, Object>> grant(@RequestParam MultiValueMap<String, String> query,
			@RequestBody(required = false) JsonNode body, Caller caller) {
		RequestFields in = RequestFields.of(query, body);
		long badgeId = required("badgeid",
				in.integer("badgeid", 1, Long.MAX_VALUE, "badgeid must be a positive integer"));
		int participantType = (int) required("participanttype",
				in.integer("participanttype", 0, 4, "participanttype must be 0 to 4"));
		long participantId = required("participantid",
				in.integer("participantid", 0, Long.MAX_VALUE, "participantid must be a non-negative integer"));
		String notes = in.text("notes", MAX_NOTES);
		Granting.Granted granted = this.granting.grant(caller.organisationId(), badgeId, participantType, participantId,
				notes);
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("success", true);
		answer.put("id", granted.grant().get("id"));
		answer.put("created", granted.created());
		answer.put("grant", granted.grant());
		return ResponseEntity.status(granted.created() ? HttpStatus.CREATED : HttpStatus.OK).body(answer);
	}

	/**
	 * Revokes a grant of any source: {@code grantid} (or {@code id}) and a
	 * {@code reason}.
	 */
	@PostMapping("/badges/revoke")
	@Allow(Role.ADMIN)
	Map<String, Object> revoke(@RequestParam MultiValueMap<String, String> query,
			@RequestBody(required = false) JsonNode body, Caller caller) {
		RequestFields in = RequestFields.of(query, body);
		// id is an alias of grantid: each one sent must be a grant's id, and the same
		// one.
		Long primary = in.integer("grantid", 1, Long.MAX_VALUE, "grantid must be a positive integer");
		Long alias = in.integer("id", 1, Long.MAX_VALUE, "id must be a positive integer");
		if (primary != null && alias != null && !primary.equals(alias)) {
			throw ApiException.badRequest("id", "id is an alias of grantid: send one of them");
		}
		long grantId = required("grantid", (primary != null) ? primary : alias);
		String reason = in.text("reason", MAX_NOTES);
		if (reason == null) {
			throw ApiException.badRequest("reason", "reason is required");
		}
		Map<String, Object> grant = this.granting.revoke(caller.organisationId(), grantId, reason);
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("success", true);
		answer.put("id", grantId);
		answer.put("grant", grant);
		return answer;
	}

	private static long required(String field, Long value) {
		if (value == null) {
			throw ApiException.badRequest(field, field + " is required");
		}
		return value;
	}

	private static Long optionalId(String field, String value) {
		return (value == null || value.isBlank()) ? null : Paging.positiveLong(field, value);
	}

	/** {@code YYYY-MM-DD} or an ISO-8601 time with offset ({@code ...Z}). */
	static Temporal time(String field, String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String s = value.strip();
		try {
			if (s.length() == 10) {
				return Dates.check(field, LocalDate.parse(s));
			}
			return Dates.check(field, OffsetDateTime.parse(s).toInstant());
		}
		catch (DateTimeParseException ex) {
			throw ApiException.badRequest(field,
					field + " must be a date (YYYY-MM-DD) or a time with offset (2026-11-01T09:00:00Z)");
		}
	}

}
