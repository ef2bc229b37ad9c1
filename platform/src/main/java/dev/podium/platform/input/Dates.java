package dev.podium.platform.input;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import dev.podium.platform.error.ApiException;

/**
 * The dates and times the API accepts: years 0001 to 9999 (decision 12). PostgreSQL's
 * {@code date} and {@code timestamptz} hold more, but read year 0 back as 1 BC and the
 * ISO-8601 renderings the API answers with need a sign and a fifth digit beyond 9999:
 * within this range every date reads back exactly as it was sent.
 */
public final class Dates {

	/** The first date accepted. */
	public static final LocalDate FIRST = LocalDate.of(1, 1, 1);

	/** The last date accepted. */
	public static final LocalDate LAST = LocalDate.of(9999, 12, 31);

	private static final Instant FIRST_INSTANT = FIRST.atStartOfDay(ZoneOffset.UTC).toInstant();

	private static final Instant END_INSTANT = LAST.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();

	private Dates() {
	}

	/**
	 * The date itself when it is in range.
	 * @throws ApiException a 400 naming the field otherwise
	 */
	public static LocalDate check(String field, LocalDate date) {
		if (date != null && (date.isBefore(FIRST) || date.isAfter(LAST))) {
			throw outOfRange(field);
		}
		return date;
	}

	/**
	 * The instant itself when it is in range (in UTC).
	 * @throws ApiException a 400 naming the field otherwise
	 */
	public static Instant check(String field, Instant instant) {
		if (instant != null && (instant.isBefore(FIRST_INSTANT) || !instant.isBefore(END_INSTANT))) {
			throw outOfRange(field);
		}
		return instant;
	}

	private static ApiException outOfRange(String field) {
		return ApiException.badRequest(field, field + " must be from 0001-01-01 to 9999-12-31 (UTC)");
	}

}
