package dev.podium.edge.challenge;

import dev.podium.platform.input.Text;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.podium.platform.error.ApiException;
import dev.podium.platform.input.Dates;
import dev.podium.platform.input.Numbers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A challenge's settings as a client sends them (seed 000's names, in the body or the
 * query string), validated; every refusal names the field. Fields a client may not set
 * ({@code closed}, {@code organisation}, ids) are never read.
 */
record ChallengeFields(String name, String description, int metric, int scope, Long scopeId, BigDecimal threshold,
		int comparator, LocalDate startDate, LocalDate endDate, long rewardPoints, Long rewardBadgeId,
		LocalDate priorPeriodStart, LocalDate priorPeriodEnd, BigDecimal streakThreshold, String groupFilter,
		String ruleJson, boolean autoclose, boolean active, List<PayoutBand> payoutBands, Integer maxWinners) {

	private static final int MAX_TEXT = 10_000;

	/** How many payout bands a challenge may have. */
	static final int MAX_BANDS = 50;

	private static final Set<String> BAND_FIELDS = Set.of("fromrank", "torank", "points");

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
				r.text("rulejson", MAX_TEXT), r.flag("autoclose", false), r.flag("active", true), bands(r),
				r.positiveOrNull("maxwinners", Integer.MAX_VALUE));
	}

	/**
	 * The payout bands: a JSON array (or its text, from a query string) of at most
	 * {@link #MAX_BANDS} objects {@code fromrank, torank, points}, ranks 1 to
	 * {@code 2^31-1}, {@code torank >= fromrank}, points 1 to {@link #MAX_REWARD_POINTS},
	 * no two bands sharing a rank; sorted by {@code fromrank}. Null or {@code []} is no
	 * bands.
	 */
	private static List<PayoutBand> bands(Reader r) {
		String field = "payoutbands";
		Object value = r.raw(field);
		if (value instanceof String text) {
			try {
				value = JsonMapper.shared().readValue(text, Object.class);
			}
			catch (JacksonException ex) {
				throw ApiException.badRequest(field, field + " must be a JSON array of bands");
			}
		}
		if (value == null) {
			return List.of();
		}
		if (!(value instanceof List<?> list)) {
			throw ApiException.badRequest(field, field + " must be an array of {fromrank, torank, points}");
		}
		if (list.size() > MAX_BANDS) {
			throw ApiException.badRequest(field, field + " has more than " + MAX_BANDS + " bands");
		}
		List<PayoutBand> bands = new ArrayList<>();
		for (Object item : list) {
			if (!(item instanceof Map<?, ?> band) || !BAND_FIELDS.containsAll(band.keySet())) {
				throw ApiException.badRequest(field, field + " must be an array of {fromrank, torank, points}");
			}
			@SuppressWarnings("unchecked")
			Reader b = new Reader((Map<String, Object>) band);
			String ranks = field + " ranks must be integers from 1 to " + Integer.MAX_VALUE
					+ " with torank >= fromrank";
			String amount = field + " points must be an integer from 1 to " + MAX_REWARD_POINTS;
			int from = (int) bandNumber(b, "fromrank", Integer.MAX_VALUE, ranks);
			int to = (int) bandNumber(b, "torank", Integer.MAX_VALUE, ranks);
			long points = bandNumber(b, "points", MAX_REWARD_POINTS, amount);
			if (to < from) {
				throw ApiException.badRequest(field, ranks);
			}
			bands.add(new PayoutBand(from, to, points));
		}
		bands.sort(Comparator.comparingInt(PayoutBand::fromRank));
		for (int i = 1; i < bands.size(); i++) {
			if (bands.get(i).fromRank() <= bands.get(i - 1).toRank()) {
				throw ApiException.badRequest(field,
						field + " must not overlap: " + bands.get(i - 1) + " and " + bands.get(i));
			}
		}
		return List.copyOf(bands);
	}

	/** A band's required field in its range; a refusal names {@code payoutbands}. */
	private static long bandNumber(Reader band, String name, long max, String message) {
		Object value = band.raw(name);
		Long n = (value != null) ? Numbers.parse(value, 1, max) : null;
		if (n == null) {
			throw ApiException.badRequest("payoutbands", message);
		}
		return n;
	}

	/**
	 * One payout band: every winner whose competition rank lies in
	 * {@code fromRank..toRank} is paid {@code points}.
	 */
	record PayoutBand(int fromRank, int toRank, long points) {

		@Override
		public String toString() {
			return "ranks " + this.fromRank + "-" + this.toRank;
		}

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
			return Text.atMost(field, value.toString(), max);
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

		Integer positiveOrNull(String field, int max) {
			Object value = raw(field);
			return (value != null) ? (int) Numbers.integer(field, value, 1, max) : null;
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
