package dev.podium.badgeruleworker.rules;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.podium.contracts.ActivityRecorded;
import dev.podium.contracts.Topics;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each rule type grants exactly the participants whose statistic reaches the threshold:
 * below it nothing, at it and above it one grant. The statistic is read from the current
 * state when an event arrives.
 */
class RuleTypesIntegrationTests extends RuleWorkerTestSupport {

	@Test
	void lifetimePointsGrantAtAndAboveTheThresholdOfTheNetSum() {
		long badge = badge(this.organisation, "Hundred club");
		rule(this.organisation, badge, RuleStatements.LIFETIME_POINTS, 100, null);

		points(this.organisation, 2, 1, 99);
		points(this.organisation, 2, 2, 100);
		points(this.organisation, 2, 3, 60);
		points(this.organisation, 2, 3, 90);
		// User 4's net sum is 90 by the time any of its events is evaluated (a sum that
		// had
		// reached 150 when evaluated would have granted: the threshold was reached).
		long credit = ledgerRow(this.organisation, 2, 4, 150);
		long debit = ledgerRow(this.organisation, 2, 4, -60);
		send(pointsEvent(this.organisation, credit, 2, 4, 150));
		send(pointsEvent(this.organisation, debit, 2, 4, -60));
		points(this.organisation, 1, 5, 100);
		awaitConsumed(Topics.PARTICIPANT_EVENTS);

		assertThat(granted(this.organisation, badge)).containsExactly("1:5", "2:2", "2:3");
	}

	@Test
	void challengesWonCountDistinctClosedChallengesWon() {
		long badge = badge(this.organisation, "Serial winner");
		rule(this.organisation, badge, RuleStatements.CHALLENGES_WON, 2, null);
		long first = closedChallenge(this.organisation, LocalDate.parse("2026-08-31"),
				Map.of(1L, true, 2L, true, 3L, true));
		long second = closedChallenge(this.organisation, LocalDate.parse("2026-09-30"),
				Map.of(1L, false, 2L, true, 3L, true));
		long third = closedChallenge(this.organisation, LocalDate.parse("2026-10-31"),
				Map.of(1L, false, 2L, false, 3L, true));
		// A challenge that is not closed does not count.
		long open = closedChallenge(this.organisation, LocalDate.parse("2026-11-30"), Map.of(1L, true));
		this.jdbc.sql("update challenge set closed = false where id = :id").param("id", open).update();

		for (long challenge : ids(first, second, third)) {
			send(closedEvent(this.organisation, challenge));
		}
		awaitConsumed(Topics.CHALLENGE_EVENTS);

		assertThat(granted(this.organisation, badge)).containsExactly("2:2", "2:3");
	}

	@Test
	void consecutiveWinsCountTheCurrentRunOverTheChallengesScoredInByEndDate() {
		long badge = badge(this.organisation, "On a roll");
		rule(this.organisation, badge, RuleStatements.CONSECUTIVE_WINS, 2, null);
		// Users: 1 won, lost, won (run 1); 2 lost, won, won (run 2); 3 won thrice (run
		// 3);
		// 4 won, won, lost (run 0); 5 won the first and the last and was not scored in
		// the
		// second (run 2: consecutive among the challenges it was scored in).
		Map<Long, Boolean> august = new LinkedHashMap<>(Map.of(1L, true, 2L, false, 3L, true, 4L, true, 5L, true));
		Map<Long, Boolean> september = Map.of(1L, false, 2L, true, 3L, true, 4L, true);
		Map<Long, Boolean> october = Map.of(1L, true, 2L, true, 3L, true, 4L, false, 5L, true);
		long first = closedChallenge(this.organisation, LocalDate.parse("2026-08-31"), august);
		long second = closedChallenge(this.organisation, LocalDate.parse("2026-09-30"), september);
		long third = closedChallenge(this.organisation, LocalDate.parse("2026-10-31"), october);

		for (long challenge : ids(first, second, third)) {
			send(closedEvent(this.organisation, challenge));
		}
		awaitConsumed(Topics.CHALLENGE_EVENTS);

		assertThat(granted(this.organisation, badge)).containsExactly("2:2", "2:3", "2:5");
	}

	@Test
	void activityCountsCountActivitiesOfTheKindForEveryParticipantOfThem() {
		long badge = badge(this.organisation, "Regular");
		rule(this.organisation, badge, RuleStatements.ACTIVITY_COUNT, 3, "session");

		for (int i = 0; i < 2; i++) {
			activity(this.organisation, at("2026-11-0" + (i + 1) + "T10:00:00Z"), 1, "session");
		}
		for (int i = 0; i < 3; i++) {
			activity(this.organisation, at("2026-11-0" + (i + 1) + "T10:00:00Z"), 2, "session");
		}
		for (int i = 0; i < 4; i++) {
			activity(this.organisation, at("2026-11-0" + (i + 1) + "T10:00:00Z"), 3, "session");
		}
		// Another kind does not count; the unit (1:7) of user 4's two sessions and user
		// 5's one has three.
		for (int i = 0; i < 5; i++) {
			activity(this.organisation, at("2026-11-0" + (i + 1) + "T10:00:00Z"), 6, "training_completion");
		}
		ActivityRecorded.Participants fourInUnit = new ActivityRecorded.Participants(null, 7L, 4L, null);
		ActivityRecorded.Participants fiveInUnit = new ActivityRecorded.Participants(null, 7L, 5L, null);
		send(activityEvent(this.organisation, "u4-a", at("2026-11-01T10:00:00Z"), fourInUnit, "session"));
		send(activityEvent(this.organisation, "u4-b", at("2026-11-02T10:00:00Z"), fourInUnit, "session"));
		send(activityEvent(this.organisation, "u5-a", at("2026-11-02T10:00:00Z"), fiveInUnit, "session"));
		awaitConsumed(Topics.ACTIVITIES);

		assertThat(granted(this.organisation, badge)).containsExactly("1:7", "2:2", "2:3");
	}

	@Test
	void aDailyStreakIsTheRunOfDaysEndingTodayOrYesterday() {
		long badge = badge(this.organisation, "Three in a row");
		rule(this.organisation, badge, RuleStatements.DAILY_STREAK, 3, "session");
		this.clock.set(at("2026-11-20T12:00:00Z"));

		days(1, "2026-11-18", "2026-11-19", "2026-11-20");
		days(2, "2026-11-17", "2026-11-18", "2026-11-19");
		days(3, "2026-11-19", "2026-11-20");
		days(4, "2026-11-15", "2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20");
		days(5, "2026-11-16", "2026-11-17", "2026-11-18");
		days(6, "2026-11-17", "2026-11-19", "2026-11-20");
		// Two sessions on the same day are one day.
		days(7, "2026-11-19", "2026-11-20", "2026-11-20");
		awaitConsumed(Topics.ACTIVITIES);

		assertThat(granted(this.organisation, badge)).containsExactly("2:1", "2:2", "2:4");
	}

	@Test
	void aStreaksDaysAreTheOrganisationsDays() {
		// 2026-11-20T12:00Z is 01:00 on 21 November in Auckland (UTC+13). The three
		// sessions fall on three Auckland days (19, 20, 21 November) but on two UTC days.
		long auckland = organisation("Pacific/Auckland");
		long utc = this.organisation;
		long badgeThere = badge(auckland, "Auckland streak");
		long badgeHere = badge(utc, "UTC streak");
		rule(auckland, badgeThere, RuleStatements.DAILY_STREAK, 3, "session");
		rule(utc, badgeHere, RuleStatements.DAILY_STREAK, 3, "session");
		this.clock.set(at("2026-11-20T12:00:00Z"));

		for (long organisation : ids(auckland, utc)) {
			activity(organisation, at("2026-11-19T10:30:00Z"), 1, "session");
			activity(organisation, at("2026-11-19T11:30:00Z"), 1, "session");
			activity(organisation, at("2026-11-20T11:30:00Z"), 1, "session");
		}
		awaitConsumed(Topics.ACTIVITIES);

		assertThat(granted(auckland, badgeThere)).containsExactly("2:1");
		assertThat(granted(utc, badgeHere)).isEmpty();
	}

	@Test
	void aStreakEndingYesterdayCountsUntilMidnightAndNotAfter() {
		long badge = badge(this.organisation, "Two in a row");
		rule(this.organisation, badge, RuleStatements.DAILY_STREAK, 2, "session");

		// One minute before midnight, sessions on the 18th and 19th end yesterday.
		this.clock.set(at("2026-11-20T23:59:00Z"));
		days(1, "2026-11-18", "2026-11-19");
		awaitConsumed(Topics.ACTIVITIES);
		// One minute after midnight, the same days end the day before yesterday.
		this.clock.set(at("2026-11-21T00:01:00Z"));
		days(2, "2026-11-18", "2026-11-19");
		awaitConsumed(Topics.ACTIVITIES);

		assertThat(granted(this.organisation, badge)).containsExactly("2:1");
	}

	/** One session per given day (at 10:00 UTC) for a user, on the topic. */
	private void days(long user, String... days) {
		for (String day : days) {
			activity(this.organisation, at(day + "T10:00:00Z"), user, "session");
		}
	}

}
