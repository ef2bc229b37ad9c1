package dev.podium.edge.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import dev.podium.platform.error.ApiException;
import dev.podium.platform.input.Dates;
import dev.podium.platform.security.Caller;
import dev.podium.platform.security.Role;

/**
 * The ledger listing's filters, validated; every refusal names its parameter.
 * <ul>
 * <li>{@code participanttype} 0 to 4, {@code participantid} (needs
 * {@code participanttype}), {@code challengeid}, {@code reason} 0 to 3.</li>
 * <li>{@code from} and {@code to}: ISO dates ({@code 2026-10-01}, days of the
 * organisation's time zone) or ISO instants with an offset
 * ({@code 2026-10-01T08:00:00Z}). {@code from} is inclusive. {@code to} is exclusive as
 * an instant, and as a date covers its whole day ({@code from=2026-10-01&to=2026-10-01}
 * is that one day). A {@code from} after {@code to} is refused.</li>
 * <li>A participant token lists its own participant's rows only: its participant replaces
 * whatever participant the request names (another participant's rows are never
 * shown).</li>
 * </ul>
 *
 * @param participantType the participant type, or null
 * @param participantId the participant id, or null
 * @param challengeId the challenge, or null
 * @param reason the reason, or null
 * @param from the inclusive lower bound, or null
 * @param to the upper bound, or null
 */
record LedgerFilter(Integer participantType, Long participantId, Long challengeId, Integer reason, Moment from,
		Moment to) {

	static LedgerFilter parse(Map<String, String> query, Caller caller) {
		Integer type = SpendRequest.integer(query, "participanttype", 0, 4, "participanttype must be 0 to 4");
		Long id = SpendRequest.id(query, "participantid");
		if (id != null && type == null) {
			throw ApiException.badRequest("participantid", "participantid needs participanttype");
		}
		if (caller.is(Role.PARTICIPANT)) {
			type = caller.participantType();
			id = caller.participantId();
		}
		Long challenge = SpendRequest.id(query, "challengeid");
		Integer reason = SpendRequest.integer(query, "reason", 0, 3,
				"reason must be 0 (earned), 1 (redeemed), 2 (expired) or 3 (adjusted)");
		return new LedgerFilter(type, id, challenge, reason, Moment.parse("from", query.get("from")),
				Moment.parse("to", query.get("to")));
	}

	/**
	 * The time bounds as instants in an organisation's time zone.
	 * @return {@code [from inclusive, to exclusive]}, either null when not given
	 */
	Instant[] bounds(ZoneId zone) {
		Instant start = (this.from != null) ? this.from.start(zone) : null;
		Instant end = (this.to != null) ? this.to.end(zone) : null;
		if (start != null && end != null) {
			Instant last = (this.to.date() != null) ? end.minus(1, ChronoUnit.MICROS) : end;
			if (start.isAfter(last)) {
				throw ApiException.badRequest("to", "to is before from");
			}
		}
		return new Instant[] { start, end };
	}

	/** Whether the filter has time bounds (which need the organisation's time zone). */
	boolean timed() {
		return this.from != null || this.to != null;
	}

	/**
	 * A date or an instant as a client sent it.
	 *
	 * @param date a day of the organisation's time zone, or null
	 * @param instant an instant, or null
	 */
	record Moment(LocalDate date, Instant instant) {

		static Moment parse(String field, String value) {
			if (value == null || value.isBlank()) {
				return null;
			}
			String s = value.strip();
			try {
				if (s.length() == 10) {
					return new Moment(Dates.check(field, LocalDate.parse(s)), null);
				}
				return new Moment(null, Dates.check(field, OffsetDateTime.parse(s).toInstant()));
			}
			catch (DateTimeParseException ex) {
				throw ApiException.badRequest(field,
						field + " must be a date (YYYY-MM-DD) or an instant with an offset (2026-10-01T08:00:00Z)");
			}
		}

		Instant start(ZoneId zone) {
			return (this.date != null) ? this.date.atStartOfDay(zone).toInstant() : this.instant;
		}

		/** The exclusive end: a date's next midnight, or the instant itself. */
		Instant end(ZoneId zone) {
			return (this.date != null) ? this.date.plusDays(1).atStartOfDay(zone).toInstant() : this.instant;
		}

	}

}
