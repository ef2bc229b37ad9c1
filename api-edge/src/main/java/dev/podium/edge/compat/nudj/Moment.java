package dev.podium.edge.compat.nudj;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import dev.podium.platform.error.ApiException;
import dev.podium.platform.input.Dates;

/**
 * A {@code startsAt} or {@code expiresAt} as sent: a day ({@code 2026-10-01}), a time
 * with offset ({@code 2026-10-01T00:00:00.000Z}) or a local time in the organisation's
 * time zone ({@code 2026-10-01T00:00:00}). Podium challenges run over whole days in the
 * organisation's time zone, so a moment becomes a start or end date.
 *
 * @param day the day sent, or null
 * @param local the local time sent, or null
 * @param instant the instant sent, or null
 */
record Moment(LocalDate day, LocalDateTime local, Instant instant) {

	/** No start or no expiry ({@code null} in seed 001). */
	static final Moment OPEN = new Moment(null, null, null);

	static Moment parse(String field, String text) {
		String s = text.strip();
		try {
			if (s.length() == 10) {
				return new Moment(Dates.check(field, LocalDate.parse(s)), null, null);
			}
			if (s.endsWith("Z") || s.endsWith("z") || s.matches(".*[+-]\\d\\d(:?\\d\\d)?$")) {
				return new Moment(null, null,
						Dates.check(field, OffsetDateTime.parse(s.replace('z', 'Z')).toInstant()));
			}
			LocalDateTime local = LocalDateTime.parse(s);
			Dates.check(field, local.toLocalDate());
			return new Moment(null, local, null);
		}
		catch (DateTimeParseException ex) {
			throw ApiException.badRequest(field,
					field + " must be an ISO-8601 date or time, e.g. 2026-10-01T00:00:00.000Z or 2026-10-01");
		}
	}

	/**
	 * This moment, when it is not one of the dates that stand for "no start" and "no
	 * expiry" (the first and the last supported day, which read back as null).
	 */
	Moment bounded(String field) {
		if (Dates.FIRST.equals(this.day) || Dates.LAST.equals(this.day) || (this.local != null
				&& (this.local.toLocalDate().equals(Dates.FIRST) || this.local.toLocalDate().equals(Dates.LAST)))
				|| (this.instant != null
						&& (this.instant.isBefore(Dates.FIRST.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC))
								|| !this.instant.isBefore(Dates.LAST.atStartOfDay().toInstant(ZoneOffset.UTC))))) {
			throw ApiException.badRequest(field,
					field + " must be from 0001-01-02 to 9999-12-30 (send null for no start or no expiry)");
		}
		return this;
	}

	/** As a start: the day it falls on. */
	LocalDate startDate(ZoneId zone) {
		if (this == OPEN) {
			return Dates.FIRST;
		}
		return (this.day != null) ? this.day : local(zone).toLocalDate();
	}

	/**
	 * As an expiry: a day is the last day; a time is the moment the challenge ends, so
	 * midnight ends the day before and any other time ends with its own day.
	 */
	LocalDate endDate(ZoneId zone) {
		if (this == OPEN) {
			return Dates.LAST;
		}
		if (this.day != null) {
			return this.day;
		}
		LocalDateTime at = local(zone);
		return at.toLocalTime().equals(LocalTime.MIDNIGHT) ? at.toLocalDate().minusDays(1) : at.toLocalDate();
	}

	private LocalDateTime local(ZoneId zone) {
		return (this.local != null) ? this.local : LocalDateTime.ofInstant(this.instant, zone);
	}

}
