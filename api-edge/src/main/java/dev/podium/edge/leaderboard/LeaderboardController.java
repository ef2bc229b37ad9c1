package dev.podium.edge.leaderboard;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.podium.edge.auth.Allow;
import dev.podium.edge.participant.OptOut;
import dev.podium.edge.web.Paging;
import dev.podium.edge.web.ParticipantFilter;
import dev.podium.platform.error.ApiException;
import dev.podium.platform.input.Dates;
import dev.podium.platform.organisation.Organisations;
import dev.podium.platform.security.Caller;
import dev.podium.platform.security.Role;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /leaderboards/points}: the points earned in a calendar or rolling window
 * ({@link LeaderboardWindow}) of the organisation's time zone, ranked, paged.
 */
@RestController
class LeaderboardController {

	private final PointsLeaderboards leaderboards;

	private final Organisations organisations;

	private final Clock clock;

	LeaderboardController(PointsLeaderboards leaderboards, Organisations organisations, Clock clock) {
		this.leaderboards = leaderboards;
		this.organisations = organisations;
		this.clock = clock;
	}

	@GetMapping("/leaderboards/points")
	@Allow({ Role.ADMIN, Role.COORDINATOR, Role.VIEWER })
	Map<String, Object> points(@RequestParam(required = false) String window, @RequestParam(required = false) String at,
			@RequestParam(required = false) String participanttype, @RequestParam(required = false) String page,
			@RequestParam(required = false) String perPage, Caller caller) {
		Paging paging = Paging.of(page, perPage);
		Integer sent = ParticipantFilter.of(participanttype, null, false).type();
		int type = (sent != null) ? sent : 2;
		Instant moment = moment(at);
		if (window == null || window.isBlank()) {
			throw ApiException.badRequest("window", "window is required: " + LeaderboardWindow.NAMES);
		}
		ZoneId zone = this.organisations.timeZone(caller.organisationId());
		LeaderboardWindow span = LeaderboardWindow.of(window, moment, zone);
		// A window reaching out of years 0001-9999 could not be answered as sent.
		Dates.check("at", span.from());
		Dates.check("at", span.to());
		boolean everyone = OptOut.seesEveryone(caller);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("success", true);
		body.put("window", span.name());
		body.put("timezone", zone.getId());
		body.put("from", span.from().toString());
		body.put("to", span.to().toString());
		body.put("participanttype", type);
		body.put("page", paging.page());
		body.put("perPage", paging.perPage());
		body.put("totalrows", this.leaderboards.count(caller.organisationId(), type, span, everyone));
		body.put("rows",
				this.leaderboards.page(caller.organisationId(), type, span, everyone, paging.page(), paging.perPage()));
		return body;
	}

	private Instant moment(String value) {
		if (value == null || value.isBlank()) {
			return this.clock.instant();
		}
		try {
			return Dates.check("at", OffsetDateTime.parse(value.strip()).toInstant());
		}
		catch (DateTimeParseException ex) {
			throw ApiException.badRequest("at", "at must be a date-time with an offset (RFC 3339)");
		}
	}

}
