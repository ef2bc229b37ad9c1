package dev.podium.edge.leaderboard;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import dev.podium.platform.error.ApiException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LeaderboardWindowTests {

	private static final ZoneId LONDON = ZoneId.of("Europe/London");

	private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

	@Test
	void theDayTheClocksGoForwardInLondonIs23Hours() {
		LeaderboardWindow day = LeaderboardWindow.of("day", Instant.parse("2026-03-29T12:00:00Z"), LONDON);

		assertThat(day.from()).isEqualTo(Instant.parse("2026-03-29T00:00:00Z"));
		assertThat(day.to()).isEqualTo(Instant.parse("2026-03-29T23:00:00Z"));
		assertThat(Duration.between(day.from(), day.to())).isEqualTo(Duration.ofHours(23));
	}

	@Test
	void theDayTheClocksGoBackInLondonIs25Hours() {
		LeaderboardWindow day = LeaderboardWindow.of("day", Instant.parse("2026-10-25T00:30:00Z"), LONDON);

		assertThat(day.from()).isEqualTo(Instant.parse("2026-10-24T23:00:00Z"));
		assertThat(day.to()).isEqualTo(Instant.parse("2026-10-26T00:00:00Z"));
	}

	@Test
	void justAfterLocalMidnightOnTheChangeDayIsAlreadyTheNextDay() {
		// 23:30 UTC on 29 March is 00:30 BST on 30 March.
		LeaderboardWindow day = LeaderboardWindow.of("DAY", Instant.parse("2026-03-29T23:30:00Z"), LONDON);

		assertThat(day.from()).isEqualTo(Instant.parse("2026-03-29T23:00:00Z"));
		assertThat(Duration.between(day.from(), day.to())).isEqualTo(Duration.ofHours(24));
	}

	@Test
	void weeksStartOnLocalMondayAndTheWeekOfAChangeLosesOrGainsAnHour() {
		LeaderboardWindow spring = LeaderboardWindow.of("week", Instant.parse("2026-03-08T12:00:00Z"), NEW_YORK);
		LeaderboardWindow autumn = LeaderboardWindow.of("week", Instant.parse("2026-11-01T12:00:00Z"), NEW_YORK);

		assertThat(spring.from()).isEqualTo(Instant.parse("2026-03-02T05:00:00Z"));
		assertThat(spring.to()).isEqualTo(Instant.parse("2026-03-09T04:00:00Z"));
		assertThat(Duration.between(spring.from(), spring.to())).isEqualTo(Duration.ofHours(167));
		assertThat(autumn.from()).isEqualTo(Instant.parse("2026-10-26T04:00:00Z"));
		assertThat(Duration.between(autumn.from(), autumn.to())).isEqualTo(Duration.ofHours(169));
	}

	@Test
	void aMonthRunsFromLocalMidnightOfTheFirstToTheNextFirst() {
		LeaderboardWindow march = LeaderboardWindow.of("month", Instant.parse("2026-03-31T22:59:59Z"), LONDON);
		LeaderboardWindow april = LeaderboardWindow.of("month", Instant.parse("2026-03-31T23:00:00Z"), LONDON);

		assertThat(march.from()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
		assertThat(march.to()).isEqualTo(Instant.parse("2026-03-31T23:00:00Z"));
		assertThat(april.from()).isEqualTo(march.to());
	}

	@Test
	void rollingWindowsEndAtTheMomentAsked() {
		Instant at = Instant.parse("2026-03-09T17:00:00Z");

		assertThat(LeaderboardWindow.of("24h", at, NEW_YORK).from()).isEqualTo(Instant.parse("2026-03-08T17:00:00Z"));
		// 7 local days back across the change: the same wall-clock time, 167 hours.
		LeaderboardWindow week = LeaderboardWindow.of("7d", at, NEW_YORK);
		assertThat(week.from()).isEqualTo(Instant.parse("2026-03-02T18:00:00Z"));
		assertThat(week.to()).isEqualTo(at);
		assertThat(Duration.between(LeaderboardWindow.of("30d", at, NEW_YORK).from(), at))
			.isEqualTo(Duration.ofHours(30 * 24 - 1));
	}

	@Test
	void anUnknownWindowIsRefusedNamingTheParameter() {
		assertThatThrownBy(() -> LeaderboardWindow.of("year", Instant.EPOCH, LONDON)).isInstanceOf(ApiException.class)
			.extracting((ex) -> ((ApiException) ex).error().field())
			.isEqualTo("window");
	}

}
