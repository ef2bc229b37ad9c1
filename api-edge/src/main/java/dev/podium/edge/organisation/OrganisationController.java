package dev.podium.edge.organisation;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.podium.edge.auth.Allow;
import dev.podium.platform.error.ApiException;
import dev.podium.platform.security.Caller;
import dev.podium.platform.security.Role;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /organisation} and {@code PUT /organisation}: the caller's organisation and
 * its settings. {@code timezone} (an IANA zone, e.g. {@code Europe/Paris}; challenge
 * dates, statuses and streaks are days of it), {@code autoclosewithouttoken} (whether the
 * auto-close hook accepts calls without a token) and {@code pointsexpirydays} (earned
 * points expire this many days after they were earned; null: never). A PUT changes only
 * the fields it sends (in the body or the query string; the body wins);
 * {@code pointsexpirydays} sent as null (or empty) switches expiry off.
 */
@RestController
class OrganisationController {

	private static final int MAX_EXPIRY_DAYS = 36_500;

	private final JdbcClient jdbc;

	OrganisationController(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@GetMapping("/organisation")
	@Allow({ Role.ADMIN, Role.COORDINATOR, Role.VIEWER })
	Map<String, Object> organisation(Caller caller) {
		return answer(find(caller.organisationId()));
	}

	@PutMapping("/organisation")
	@Allow(Role.ADMIN)
	@Transactional
	Map<String, Object> update(@RequestParam MultiValueMap<String, String> query,
			@RequestBody(required = false) Map<String, Object> body, Caller caller) {
		Map<String, Object> sent = new HashMap<>(query.toSingleValueMap());
		if (body != null) {
			sent.putAll(body);
		}
		Map<String, Object> params = new HashMap<>();
		params.put("organisation", caller.organisationId());
		params.put("setZone", sent.containsKey("timezone"));
		params.put("zone", sent.containsKey("timezone") ? zone(sent.get("timezone")) : null);
		params.put("setAnonymous", sent.containsKey("autoclosewithouttoken"));
		params.put("anonymous",
				sent.containsKey("autoclosewithouttoken") ? flag(sent.get("autoclosewithouttoken")) : null);
		params.put("setExpiry", sent.containsKey("pointsexpirydays"));
		params.put("expiry", sent.containsKey("pointsexpirydays") ? days(sent.get("pointsexpirydays")) : null);
		this.jdbc.sql("""
				update organisation set
				    time_zone = case when :setZone then cast(:zone as text) else time_zone end,
				    autoclose_needs_token = case when :setAnonymous then not cast(:anonymous as boolean)
				                                 else autoclose_needs_token end,
				    points_expiry_days = case when :setExpiry then cast(:expiry as integer) else points_expiry_days end
				where id = :organisation
				""").params(params).update();
		return answer(find(caller.organisationId()));
	}

	private Map<String, Object> find(long organisationId) {
		return this.jdbc.sql("""
				select id, name, time_zone as timezone, not autoclose_needs_token as autoclosewithouttoken,
				       points_expiry_days as pointsexpirydays
				from organisation where id = :organisation
				""").param("organisation", organisationId).query().singleRow();
	}

	private static Map<String, Object> answer(Map<String, Object> organisation) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("success", true);
		body.put("organisation", organisation);
		return body;
	}

	/**
	 * An IANA zone that both Java and PostgreSQL know (the database computes days in it).
	 */
	private String zone(Object value) {
		if (value instanceof String s && !s.isBlank()) {
			String name = s.strip();
			boolean known = ZoneId.getAvailableZoneIds().contains(name)
					&& this.jdbc.sql("select exists (select 1 from pg_timezone_names where name = :name)")
						.param("name", name)
						.query(Boolean.class)
						.single();
			if (known) {
				return name;
			}
		}
		throw ApiException.badRequest("timezone", "timezone must be an IANA time zone such as Europe/Paris");
	}

	private static boolean flag(Object value) {
		if (value instanceof Boolean b) {
			return b;
		}
		String s = (value != null) ? value.toString().strip().toLowerCase(Locale.ROOT) : "";
		return switch (s) {
			case "1", "true" -> true;
			case "0", "false" -> false;
			default ->
				throw ApiException.badRequest("autoclosewithouttoken", "autoclosewithouttoken must be true or false");
		};
	}

	private static Integer days(Object value) {
		if (value == null || (value instanceof String s && (s.isBlank() || s.strip().equals("null")))) {
			return null;
		}
		if (value instanceof Number || value instanceof String) {
			try {
				long n = new BigDecimal(value.toString().strip()).longValueExact();
				if (n >= 1 && n <= MAX_EXPIRY_DAYS) {
					return (int) n;
				}
			}
			catch (NumberFormatException | ArithmeticException ex) {
				// answered below
			}
		}
		throw ApiException.badRequest("pointsexpirydays",
				"pointsexpirydays must be a whole number of days from 1 to " + MAX_EXPIRY_DAYS + ", or null");
	}

}
