package dev.podium.closeworker.expiry;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.podium.closeworker.CloseWorkerApplication;
import dev.podium.platform.organisation.Organisations;
import dev.podium.platform.testing.RealInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The expiry rule against the real database: FIFO net of debits, the time boundary, and a
 * second run that writes nothing.
 */
@SpringBootTest(classes = CloseWorkerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = "spring.config.name=close-worker")
@ContextConfiguration(initializers = RealInfrastructure.class)
class PointsExpiryIntegrationTests {

	private static final Instant NOW = Instant.parse("2026-11-22T03:15:00Z");

	@Autowired
	PointsExpiry expiry;

	@Autowired
	TransactionTemplate tx;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Organisations organisations;

	long organisation;

	@BeforeEach
	void organisationWithAThirtyDayPolicy() {
		this.organisation = this.organisations.create("expiry-" + UUID.randomUUID(), "UTC");
		this.jdbc.sql("update organisation set points_expiry_days = 30 where id = :o")
			.param("o", this.organisation)
			.update();
	}

	@Test
	void pointsEarnedMoreThanTheDaysAgoExpireAndRecentOnesStay() {
		row(2, 1, 100, 0, daysAgo(40));
		row(2, 1, 50, 0, daysAgo(10));
		row(2, 2, 70, 0, daysAgo(29));

		PointsExpiry.Expired expired = run(NOW);

		assertThat(expired.participants()).isEqualTo(1);
		assertThat(expired.points()).isEqualTo(100);
		assertThat(expired.cutoff()).isEqualTo(NOW.minus(Duration.ofDays(30)));
		assertThat(expiredRows()).containsExactly(Map.of("participant_id", 1L, "points", -100L));
		assertThat(balance(2, 1)).isEqualTo(50);
		assertThat(balance(2, 2)).isEqualTo(70);
	}

	@Test
	void whatWasSpentIsTakenFromTheOldestPointsFirst() {
		row(2, 1, 100, 0, daysAgo(40));
		row(2, 1, -30, 1, daysAgo(35));
		row(2, 2, 100, 0, daysAgo(40));
		row(2, 2, 50, 0, daysAgo(10));
		row(2, 2, -120, 1, daysAgo(5));

		run(NOW);

		// Participant 1 spent 30 of its old 100: 70 expire. Participant 2's 120 spent
		// covered its old 100 and 20 of the recent 50: nothing has expired yet.
		assertThat(expiredRows()).containsExactly(Map.of("participant_id", 1L, "points", -70L));
		assertThat(balance(2, 1)).isZero();
		assertThat(balance(2, 2)).isEqualTo(30);

		// 25 days on, the 50 are 35 days old: the 30 left of them expire.
		run(NOW.plus(Duration.ofDays(25)));

		assertThat(balance(2, 2)).isZero();
		assertThat(expiredRows()).containsExactly(Map.of("participant_id", 1L, "points", -70L),
				Map.of("participant_id", 2L, "points", -30L));
	}

	@Test
	void creditAdjustmentsExpireLikeEarnedPointsAndDebitAdjustmentsCountAsSpent() {
		row(1, 5, 40, 3, daysAgo(31));
		row(1, 5, 25, 0, daysAgo(31));
		row(1, 5, -15, 3, daysAgo(1));
		row(1, 5, -10, 2, daysAgo(2));

		PointsExpiry.Expired expired = run(NOW);

		assertThat(expired.points()).isEqualTo(40);
		assertThat(balance(1, 5)).isZero();
	}

	@Test
	void pointsExpireOnlyStrictlyBeforeTheCutoff() {
		Instant cutoff = NOW.minus(Duration.ofDays(30));
		row(2, 1, 10, 0, cutoff);
		row(2, 2, 20, 0, cutoff.minus(1, ChronoUnit.MICROS));

		run(NOW);

		assertThat(expiredRows()).containsExactly(Map.of("participant_id", 2L, "points", -20L));
		assertThat(balance(2, 1)).isEqualTo(10);
	}

	@Test
	void aSecondRunWritesNothing() {
		row(2, 1, 100, 0, daysAgo(40));
		row(2, 1, -30, 1, daysAgo(35));
		row(3, 9, 5, 0, daysAgo(31));
		run(NOW);
		long rows = rows();

		PointsExpiry.Expired again = run(NOW.plusSeconds(60));

		assertThat(again.participants()).isZero();
		assertThat(again.points()).isZero();
		assertThat(rows()).isEqualTo(rows);
	}

	@Test
	void aParticipantAlreadyBelowZeroLosesNothing() {
		// A deleted challenge took its award back after the points were spent.
		row(2, 1, -50, 1, daysAgo(60));
		row(2, 1, 20, 0, daysAgo(45));

		assertThat(run(NOW).points()).isZero();
		assertThat(balance(2, 1)).isEqualTo(-30);
	}

	@Test
	void anOrganisationWithoutAPolicyExpiresNothing() {
		this.jdbc.sql("update organisation set points_expiry_days = null where id = :o")
			.param("o", this.organisation)
			.update();
		row(2, 1, 100, 0, daysAgo(400));

		Optional<PointsExpiry.Expired> expired = this.tx
			.execute((status) -> this.expiry.expire(this.organisation, NOW));

		assertThat(expired).isEmpty();
		assertThat(rows()).isEqualTo(1);
	}

	private PointsExpiry.Expired run(Instant now) {
		return this.tx.execute((status) -> this.expiry.expire(this.organisation, now)).orElseThrow();
	}

	private static Instant daysAgo(int days) {
		return NOW.minus(Duration.ofDays(days));
	}

	private void row(int type, long id, long points, int reason, Instant at) {
		this.jdbc.sql("""
				insert into ledger (organisation_id, created_at, challenge_id, participant_type, participant_id, points,
				                    reason)
				values (:o, :at, case when :reason = 0 then nextval('expiry_test_challenge') end, :type, :id, :points,
				        :reason)
				""")
			.param("o", this.organisation)
			.param("at", Timestamp.from(at))
			.param("type", type)
			.param("id", id)
			.param("points", points)
			.param("reason", reason)
			.update();
	}

	private List<Map<String, Object>> expiredRows() {
		return this.jdbc.sql("""
				select participant_id, points from ledger where organisation_id = :o and reason = 2
				  and notes like 'expired:%' order by id
				""").param("o", this.organisation).query().listOfRows();
	}

	private long balance(int type, long id) {
		return this.jdbc.sql("""
				select coalesce(sum(points), 0) from ledger
				where organisation_id = :o and participant_type = :type and participant_id = :id
				""").param("o", this.organisation).param("type", type).param("id", id).query(Long.class).single();
	}

	private long rows() {
		return this.jdbc.sql("select count(*) from ledger where organisation_id = :o")
			.param("o", this.organisation)
			.query(Long.class)
			.single();
	}

	@BeforeEach
	void challengeIds() {
		this.jdbc.sql("create sequence if not exists expiry_test_challenge start 8000000000").update();
	}

}
