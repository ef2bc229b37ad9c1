package dev.podium.edge.challenge;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;

import dev.podium.platform.error.ApiException;
import dev.podium.platform.input.Dates;
import dev.podium.platform.input.Numbers;

/**
 * A challenge's settings as a client sends them (seed 000's names, in the body or the
 * query string), validated; every refusal names the field. Fields a client may not set
 * ({@code closed}, {@code organisation}, ids) are never read.
 */
record ChallengeFields(String name, String description, int metric, int scope, Long scopeId, BigDecimal threshold,
		int comparator, LocalDate startDate, LocalDate endDate, long rewardPoints, Long rewardBadgeId,
		LocalDate priorPeriodStart, LocalDate priorPeriodEnd, BigDecimal streakThreshold, String groupFilter,
		String ruleJson, boolean autoclose, boolean active) {

	private static final int MAX_TEXT = 10_000;

	/**
	 * The most points one win awards: a trillion, as the most one spend takes, so that
	 * balances summed over many wins stay far inside PostgreSQL's bigint (decision 12).
	 */
	static final long MAX_REWARD_POINTS = 1_000_000_000_000L;

	/** Reads and validates the fields of a create request. */
	static ChallengeFields parse(Map<String, Object> in) {
		Reader r = new Reader(in);
		String name = r.text("name", 200);
		if (name == null || name.isBlank()) {
			throw ApiException.badRequest("name", "name is required");
		}
		int metric = r.integer("metric", 0, 0, 4,
				"metric must be 0 (count), 1 (rate), 2 (improvement), 3 (streak) or 4 (sum)");
		int scope = r.integer("scope", 2, 0, 4, "scope must be a participant type from 0 to 4");
		Long scopeId = r.id("scopeid");
		Long teamId = r.id("teamid");
		if (teamId != null) {
			if (scope != 4) {
				throw ApiException.badRequest("teamid", "teamid needs scope 4 (team)");
			}
			scopeId = teamId;
		}
		BigDecimal threshold = r.decimal("threshold", BigDecimal.ZERO);
		int comparator = r.integer("comparator", 0, 0, 1, "comparator must be 0 (>=) or 1 (<=)");
		LocalDate start = r.date("startdate");
		LocalDate end = r.date("enddate");
		if (start == null) {
			throw ApiException.badRequest("startdate", "startdate is required");
		}
		if (end == null) {
			throw ApiException.badRequest("enddate", "enddate is required");
		}
		if (end.isBefore(start)) {
			throw ApiException.badRequest("enddate", "enddate is before startdate");
		}
		long rewardPoints = r.count("rewardpoints", MAX_REWARD_POINTS);
		Long rewardBadgeId = r.id("rewardbadgeid");
		LocalDate priorStart = r.date("priorperiodstart");
		LocalDate priorEnd = r.date("priorperiodend");
		if (metric == 2 && (priorStart == null || priorEnd == null)) {
			throw ApiException.badRequest((priorStart == null) ? "priorperiodstart" : "priorperiodend",
					"metric 2 (improvement) needs priorperiodstart and priorperiodend");
		}
		if (priorStart != null && priorEnd != null && priorEnd.isBefore(priorStart)) {
			throw ApiException.badRequest("priorperiodend", "priorperiodend is before priorperiodstart");
		}
		BigDecimal streakThreshold = r.decimal("streakthreshold", null);
		if (metric == 3 && streakThreshold == null) {
			throw ApiException.badRequest("streakthreshold", "metric 3 (streak) needs streakthreshold");
		}
		String groupFilter = r.text("groupfilter", MAX_TEXT);
		if (groupFilter == null) {
			groupFilter = r.text("hcptypefilter", MAX_TEXT);
		}
		return new ChallengeFields(name.strip(), r.textOr("description", ""), metric, scope, scopeId, threshold,
				comparator, start, end, rewardPoints, rewardBadgeId, priorStart, priorEnd, streakThreshold, groupFilter,
				r.text("rulejson", MAX_TEXT), r.flag("autoclose", false), r.flag("active", true));
	}

	/** Reads typed values from the merged request fields. */
	private record Reader(Map<String, Object> in) {

		Object raw(String field) {
			Object value = this.in.get(field);
			return (value instanceof String s && s.isBlank()) ? null : value;
		}

		String text(String field, int max) {
			Object value = raw(field);
			if (value == null) {
				return null;
			}
			if (!(value instanceof String)) {
				throw ApiException.badRequest(field, field + " must be a string");
			}
			String s = value.toString();
			if (s.length() > max) {
				throw ApiException.badRequest(field, field + " is longer than " + max + " characters");
			}
			return s;
		}

		String textOr(String field, String otherwise) {
			String s = text(field, MAX_TEXT);
			return (s != null) ? s : otherwise;
		}

		int integer(String field, int otherwise, long min, long max, String message) {
			Object value = raw(field);
			if (value == null) {
				return otherwise;
			}
			Long v = Numbers.parse(value, min, max);
			if (v == null) {
				throw ApiException.badRequest(field, message);
			}
			return v.intValue();
		}

		Long id(String field) {
			Object value = raw(field);
			return (value != null) ? Numbers.integer(field, value, 0, Long.MAX_VALUE) : null;
		}

		long count(String field, long max) {
			Object value = raw(field);
			return (value != null) ? Numbers.integer(field, value, 0, max) : 0;
		}

		BigDecimal decimal(String field, BigDecimal otherwise) {
			Object value = raw(field);
			if (value == null) {
				return otherwise;
			}
			try {
				BigDecimal n = new BigDecimal(value.toString().strip());
				if (n.abs().compareTo(new BigDecimal("1e15")) < 0) {
					return n;
				}
			}
			catch (NumberFormatException ex) {
				// answered below
			}
			throw ApiException.badRequest(field, field + " must be a number");
		}

		LocalDate date(String field) {
			Object value = raw(field);
			if (value == null) {
				return null;
			}
			String s = value.toString().strip();
			try {
				return Dates.check(field,
						LocalDate.parse((s.length() > 10 && s.charAt(10) == 'T') ? s.substring(0, 10) : s));
			}
			catch (DateTimeParseException ex) {
				throw ApiException.badRequest(field, field + " must be a date (YYYY-MM-DD)");
			}
		}

		boolean flag(String field, boolean otherwise) {
			Object value = raw(field);
			if (value == null) {
				return otherwise;
			}
			return switch (value.toString().strip().toLowerCase(java.util.Locale.ROOT)) {
				case "1", "true" -> true;
				case "0", "false" -> false;
				default -> throw ApiException.badRequest(field, field + " must be 0 or 1");
			};
		}

	}

}
