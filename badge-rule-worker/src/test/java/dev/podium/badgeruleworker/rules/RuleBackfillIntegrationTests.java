package dev.podium.badgeruleworker.rules;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import dev.podium.contracts.ActivityRecorded;
import dev.podium.contracts.BadgeGranted;
import dev.podium.contracts.Topics;
import dev.podium.platform.testing.TestMessages;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A back-fill grants a rule to everyone who already qualifies, with a notification and an
 * event each, and ends its job with {@code {ruleid, granted}}; its preview answers
 * {@code {ruleid, wouldgrant}} and writes nothing else. Every rule type back-fills the
 * same participants its live evaluation grants.
 */
class RuleBackfillIntegrationTests extends RuleWorkerTestSupport {

	@Test
	void aPreviewCountsAndWritesNothingThenTheBackfillGrantsOnce() {
		long badge = badge(this.organisation, "Late rule");
		for (long user = 1; user <= 5; user++) {
			ledgerRow(this.organisation, 2, user, user * 30);
		}
		// User 4 already holds the badge by an earlier rule.
		long earlier = rule(this.organisation, badge, RuleStatements.LIFETIME_POINTS, 500, null);
		this.jdbc.sql("""
				insert into badge_grant (organisation_id, badge_id, participant_type, participant_id, source, rule_id)
				values (:o, :b, 2, 4, 'rule', :r)
				""").param("o", this.organisation).param("b", badge).param("r", earlier).update();
		deleteRule(earlier);
		long rule = rule(this.organisation, badge, RuleStatements.LIFETIME_POINTS, 90, null);

		JsonNode preview = awaitJob(backfill(this.organisation, rule, true));

		assertThat(preview.get("status").asString()).isEqualTo("succeeded");
		assertThat(preview.at("/result/ruleid").asLong()).isEqualTo(rule);
		assertThat(preview.at("/result/wouldgrant").asLong()).isEqualTo(2);
		assertThat(granted(this.organisation, badge)).containsExactly("2:4");

		JsonNode backfill = awaitJob(backfill(this.organisation, rule, false));

		assertThat(backfill.get("status").asString()).isEqualTo("succeeded");
		assertThat(backfill.at("/result/granted").asLong()).isEqualTo(2);
		assertThat(granted(this.organisation, badge)).containsExactly("2:3", "2:4", "2:5");
		assertThat(this.jdbc.sql("select count(*) from notification where organisation_id = :o")
			.param("o", this.organisation)
			.query(Long.class)
			.single()).isEqualTo(2);
		String source = "/podium/organisations/" + this.organisation;
		assertThat(
				TestMessages.read(Topics.PARTICIPANT_EVENTS,
						(r) -> source.equals(TestMessages.header(r, "ce_source"))
								&& BadgeGranted.TYPE.equals(TestMessages.header(r, "ce_type")),
						2, DEADLINE))
			.hasSize(2);

		JsonNode again = awaitJob(backfill(this.organisation, rule, false));
		assertThat(again.at("/result/granted").asLong()).as("a second back-fill finds everyone granted").isZero();
	}

	@Test
	void aBackfillOfADeletedRuleFailsWithNotFound() {
		long badge = badge(this.organisation, "Gone");
		long rule = rule(this.organisation, badge, RuleStatements.LIFETIME_POINTS, 1, null);
		ledgerRow(this.organisation, 2, 1, 10);
		deleteRule(rule);

		JsonNode job = awaitJob(backfill(this.organisation, rule, false));

		assertThat(job.get("status").asString()).isEqualTo("failed");
		assertThat(job.at("/error/code").asString()).isEqualTo("not_found");
		assertThat(granted(this.organisation, badge)).isEmpty();
	}

	@Test
	void anotherOrganisationsRuleIsNotBackfilled() {
		long badge = badge(this.organisation, "Theirs");
		long rule = rule(this.organisation, badge, RuleStatements.LIFETIME_POINTS, 1, null);
		ledgerRow(this.organisation, 2, 1, 10);
		long other = organisation("UTC");

		JsonNode job = awaitJob(backfill(other, rule, false));

		assertThat(job.get("status").asString()).isEqualTo("failed");
		assertThat(granted(this.organisation, badge)).isEmpty();
	}

	@Test
	void aCommandThatCannotBeReadIsDeadLetteredAndFailsItsJob() {
		long job = this.jdbc.sql("insert into job (organisation_id, type) values (:o, 'rule-backfill') returning id")
			.param("o", this.organisation)
			.query(Long.class)
			.single();

		TestMessages.produce(Topics.RULE_COMMANDS, "broken-" + job,
				"{\"jobId\":" + job + ",\"ruleId\":\"not a number\"}",
				Map.of("ce_id", UUID.randomUUID().toString(), "ce_type", "podium.command.backfill-rule.v1"));

		JsonNode failed = awaitJob(job);
		assertThat(failed.get("status").asString()).isEqualTo("failed");
		assertThat(failed.at("/error/code").asString()).isEqualTo("internal_error");
	}

	@Test
	void challengesWonBackfill() {
		long badge = badge(this.organisation, "Serial winner");
		closedChallenge(this.organisation, LocalDate.parse("2026-08-31"), Map.of(1L, true, 2L, true, 3L, true));
		closedChallenge(this.organisation, LocalDate.parse("2026-09-30"), Map.of(1L, false, 2L, true, 3L, true));
		closedChallenge(this.organisation, LocalDate.parse("2026-10-31"), Map.of(1L, false, 2L, false, 3L, true));
		long open = closedChallenge(this.organisation, LocalDate.parse("2026-11-30"), Map.of(1L, true));
		this.jdbc.sql("update challenge set closed = false where id = :id").param("id", open).update();
		long rule = rule(this.organisation, badge, RuleStatements.CHALLENGES_WON, 2, null);

		assertBackfill(rule, badge, "2:2", "2:3");
	}

	@Test
	void consecutiveWinsBackfill() {
		long badge = badge(this.organisation, "On a roll");
		closedChallenge(this.organisation, LocalDate.parse("2026-08-31"),
				Map.of(1L, true, 2L, false, 3L, true, 4L, true, 5L, true));
		closedChallenge(this.organisation, LocalDate.parse("2026-09-30"),
				Map.of(1L, false, 2L, true, 3L, true, 4L, true));
		closedChallenge(this.organisation, LocalDate.parse("2026-10-31"),
				Map.of(1L, true, 2L, true, 3L, true, 4L, false, 5L, true));
		long rule = rule(this.organisation, badge, RuleStatements.CONSECUTIVE_WINS, 2, null);

		assertBackfill(rule, badge, "2:2", "2:3", "2:5");
	}

	@Test
	void activityCountBackfill() {
		long badge = badge(this.organisation, "Regular");
		Instant day = Instant.parse("2026-11-01T10:00:00Z");
		for (long user = 1; user <= 4; user++) {
			for (int i = 0; i < user; i++) {
				storedActivity(this.organisation, day.plus(i, ChronoUnit.DAYS),
						new ActivityRecorded.Participants(9L, null, user, null), "session");
			}
		}
		storedActivity(this.organisation, day, RuleWorkerTestSupport.user(5), "training_completion");
		storedActivity(this.organisation, day, RuleWorkerTestSupport.user(5), "training_completion");
		storedActivity(this.organisation, day, RuleWorkerTestSupport.user(5), "training_completion");
		long rule = rule(this.organisation, badge, RuleStatements.ACTIVITY_COUNT, 3, "session");

		// Site 9 has the ten sessions of users 1 to 4.
		assertBackfill(rule, badge, "0:9", "2:3", "2:4");
	}

	@Test
	void dailyStreakBackfill() {
		long badge = badge(this.organisation, "Three in a row");
		this.clock.set(at("2026-11-20T12:00:00Z"));
		stored(1, "2026-11-18", "2026-11-19", "2026-11-20");
		stored(2, "2026-11-17", "2026-11-18", "2026-11-19");
		stored(3, "2026-11-19", "2026-11-20");
		stored(4, "2026-11-15", "2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20");
		stored(5, "2026-11-16", "2026-11-17", "2026-11-18");
		stored(6, "2026-11-17", "2026-11-19", "2026-11-20");
		stored(7, "2026-11-19", "2026-11-20", "2026-11-20");
		long rule = rule(this.organisation, badge, RuleStatements.DAILY_STREAK, 3, "session");

		assertBackfill(rule, badge, "2:1", "2:2", "2:4");
	}

	@Test
	void dailyStreakBackfillUsesTheOrganisationsDays() {
		long auckland = organisation("Pacific/Auckland");
		long badge = badge(auckland, "Auckland streak");
		this.clock.set(at("2026-11-20T12:00:00Z"));
		for (String instant : new String[] { "2026-11-19T10:30:00Z", "2026-11-19T11:30:00Z", "2026-11-20T11:30:00Z" }) {
			storedActivity(auckland, at(instant), RuleWorkerTestSupport.user(1), "session");
		}
		long rule = rule(auckland, badge, RuleStatements.DAILY_STREAK, 3, "session");

		JsonNode job = awaitJob(backfill(auckland, rule, false));

		assertThat(job.at("/result/granted").asLong()).isEqualTo(1);
		assertThat(granted(auckland, badge)).containsExactly("2:1");
	}

	private void stored(long user, String... days) {
		for (String day : days) {
			storedActivity(this.organisation, at(day + "T10:00:00Z"), RuleWorkerTestSupport.user(user), "session");
		}
	}

	/** The preview counts the expected participants, then the back-fill grants them. */
	private void assertBackfill(long rule, long badge, String... expected) {
		JsonNode preview = awaitJob(backfill(this.organisation, rule, true));
		assertThat(preview.at("/result/wouldgrant").asLong()).as(preview.toString()).isEqualTo(expected.length);
		assertThat(granted(this.organisation, badge)).isEmpty();

		JsonNode backfill = awaitJob(backfill(this.organisation, rule, false));
		assertThat(backfill.at("/result/granted").asLong()).as(backfill.toString()).isEqualTo(expected.length);
		assertThat(granted(this.organisation, badge)).containsExactly(expected);
	}

}
