package dev.podium.edge.ledger;

import dev.podium.platform.input.Text;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

import dev.podium.platform.error.ApiException;

/**
 * A spend as a client sends it (in the body or the query string), validated: every
 * refusal names the field.
 *
 * @param participantType 0 to 4
 * @param participantId the participant's id (0 or more)
 * @param points how many points, more than 0
 * @param reason 1 redeem, 2 expire, 3 adjust
 * @param credit true only for an adjustment with {@code direction=credit}
 * @param notes free text, up to {@value #MAX_NOTES} characters
 */
record SpendRequest(int participantType, long participantId, long points, int reason, boolean credit, String notes) {

	static final int MAX_NOTES = 1000;

	/** The largest amount one row may move. */
	static final long MAX_POINTS = 1_000_000_000_000L;

	static SpendRequest parse(Map<String, ?> in) {
		Integer type = integer(in, "participanttype", 0, 4, "participanttype must be 0 to 4");
		if (type == null) {
			throw ApiException.badRequest("participanttype", "participanttype is required");
		}
		Long id = id(in, "participantid");
		if (id == null) {
			throw ApiException.badRequest("participantid", "participantid is required");
		}
		Long points = number(in, "points", 1, MAX_POINTS, "points must be an integer from 1 to " + MAX_POINTS);
		if (points == null) {
			throw ApiException.badRequest("points", "points is required");
		}
		Integer reason = integer(in, "reason", 0, 3, "reason must be 1 (redeem), 2 (expire) or 3 (adjust)");
		if (reason == null) {
			throw ApiException.badRequest("reason", "reason is required");
		}
		if (reason == 0) {
			throw ApiException.badRequest("reason", "points are earned only by closing a challenge (reason 0)");
		}
		String direction = text(in, "direction", 10);
		boolean credit = false;
		if (reason == 3) {
			if (direction == null) {
				throw ApiException.badRequest("direction", "an adjustment (reason 3) needs direction credit or debit");
			}
			credit = switch (direction.strip().toLowerCase(Locale.ROOT)) {
				case "credit" -> true;
				case "debit" -> false;
				default -> throw ApiException.badRequest("direction", "direction must be credit or debit");
			};
		}
		else if (direction != null) {
			throw ApiException.badRequest("direction", "direction is only for adjustments (reason 3)");
		}
		String notes = text(in, "notes", MAX_NOTES);
		return new SpendRequest(type, id, points, reason, credit, (notes != null) ? notes : "");
	}

	/** The row's signed points: negative for everything but a credit. */
	long signedPoints() {
		return this.credit ? this.points : -this.points;
	}

	static Object raw(Map<String, ?> in, String field) {
		Object value = in.get(field);
		return (value instanceof String s && s.isBlank()) ? null : value;
	}

	static Integer integer(Map<String, ?> in, String field, int min, int max, String message) {
		Long n = number(in, field, min, max, message);
		return (n != null) ? n.intValue() : null;
	}

	/** A non-negative integer id. */
	static Long id(Map<String, ?> in, String field) {
		return number(in, field, 0, Long.MAX_VALUE, field + " must be a non-negative integer");
	}

	static Long number(Map<String, ?> in, String field, long min, long max, String message) {
		Object value = raw(in, field);
		if (value == null) {
			return null;
		}
		if (value instanceof String || value instanceof Number) {
			try {
				long n = new BigDecimal(value.toString().strip()).longValueExact();
				if (n >= min && n <= max) {
					return n;
				}
			}
			catch (NumberFormatException | ArithmeticException ex) {
				// answered below
			}
		}
		throw ApiException.badRequest(field, message);
	}

	static String text(Map<String, ?> in, String field, int max) {
		Object value = raw(in, field);
		if (value == null) {
			return null;
		}
		if (!(value instanceof String s)) {
			throw ApiException.badRequest(field, field + " must be a string");
		}
		return Text.atMost(field, s, max);
	}

}
