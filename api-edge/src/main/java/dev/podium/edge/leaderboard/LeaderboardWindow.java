package dev.podium.edge.leaderboard;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

import dev.podium.platform.error.ApiException;

/**
 * A leaderboard's window: the instants {@code [from, to)} it covers. Calendar windows
 * ({@code day}, {@code week} from Monday, {@code month}) are the organisation's local
 * days around {@code at}, from local midnight to local midnight, so a day on which the
 * clocks change is 23 or 25 hours long. Rolling windows end at {@code at}: {@code 24h} is
 * exactly 24 hours; {@code 7d} and {@code 30d} go back 7 or 30 local days to the same
 * wall-clock time (167 or 169 hours for a week across a change).
 *
 * @param name the window's name as sent
 * @param from the first instant in the window
 * @param to the first instant after it
 */
record LeaderboardWindow(String name, Instant from, Instant to) {

	/** The window names, as the API takes them. */
	static final String NAMES = "day, week, month, 24h, 7d or 30d";

	static LeaderboardWindow of(String name, Instant at, ZoneId zone) {
		String kind = (name == null) ? "" : name.strip().toLowerCase(Locale.ROOT);
		ZonedDateTime local = at.atZone(zone);
		LocalDate today = local.toLocalDate();
		return switch (kind) {
			case "day" -> calendar(kind, today, today.plusDays(1), zone);
			case "week" -> {
				LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
				yield calendar(kind, monday, monday.plusWeeks(1), zone);
			}
			case "month" -> calendar(kind, today.withDayOfMonth(1), today.withDayOfMonth(1).plusMonths(1), zone);
			case "24h" -> new LeaderboardWindow(kind, at.minus(Duration.ofHours(24)), at);
			case "7d" -> new LeaderboardWindow(kind, local.minusDays(7).toInstant(), at);
			case "30d" -> new LeaderboardWindow(kind, local.minusDays(30).toInstant(), at);
			default -> throw ApiException.badRequest("window", "window must be " + NAMES);
		};
	}

	private static LeaderboardWindow calendar(String name, LocalDate first, LocalDate after, ZoneId zone) {
		return new LeaderboardWindow(name, first.atStartOfDay(zone).toInstant(), after.atStartOfDay(zone).toInstant());
	}

}
