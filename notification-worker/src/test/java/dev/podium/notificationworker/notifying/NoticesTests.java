package dev.podium.notificationworker.notifying;

import java.time.Instant;
import java.util.UUID;

import dev.podium.contracts.BadgeGranted;
import dev.podium.contracts.PointsRecorded;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which participant events become notifications, and their titles and bodies.
 */
class NoticesTests {

	private static final Instant AT = Instant.parse("2026-11-01T09:00:00Z");

	@Test
	void anAwardOfPointsIsNotifiedWithItsChallenge() {
		UUID id = UUID.randomUUID();

		Notice notice = Notices.of(id, new PointsRecorded(4, 41, 2, 17, "Ada", 50, 0, 9L, "Winter sprint", AT))
			.orElseThrow();

		assertThat(notice.eventId()).isEqualTo(id);
		assertThat(notice.organisationId()).isEqualTo(4);
		assertThat(notice.participantType()).isEqualTo(2);
		assertThat(notice.participantId()).isEqualTo(17);
		assertThat(notice.kind()).isEqualTo("points_awarded");
		assertThat(notice.title()).isEqualTo("Points earned: 50 for Winter sprint");
		assertThat(notice.createdAt()).isEqualTo(AT);
		JsonNode body = JsonMapper.shared().readTree(notice.body());
		assertThat(body.get("ledgerid").asLong()).isEqualTo(41);
		assertThat(body.get("points").asLong()).isEqualTo(50);
		assertThat(body.get("reason").asInt()).isZero();
		assertThat(body.get("challengeid").asLong()).isEqualTo(9);
		assertThat(body.get("challengename").asString()).isEqualTo("Winter sprint");
	}

	@Test
	void redemptionsExpiriesAndAdjustmentsAreNotNotified() {
		for (int reason = 1; reason <= 3; reason++) {
			assertThat(Notices.of(UUID.randomUUID(), new PointsRecorded(4, 41, 2, 17, null, -5, reason, null, "x", AT)))
				.as("reason " + reason)
				.isEmpty();
		}
	}

	@Test
	void anAwardWithoutNotesHasAShortTitle() {
		assertThat(Notices.of(UUID.randomUUID(), new PointsRecorded(4, 41, 2, 17, null, 5, 0, null, null, AT))
			.orElseThrow()
			.title()).isEqualTo("Points earned: 5");
	}

	@Test
	void aGrantOfAnySourceIsNotifiedWithItsBadge() {
		Notice notice = Notices.of(UUID.randomUUID(),
				new BadgeGranted(4, 42, 7, "Gold", 3, 5, null, "manual", null, null, AT));

		assertThat(notice.kind()).isEqualTo("badge_granted");
		assertThat(notice.title()).isEqualTo("Badge earned: Gold");
		assertThat(notice.participantType()).isEqualTo(3);
		JsonNode body = JsonMapper.shared().readTree(notice.body());
		assertThat(body.get("grantid").asLong()).isEqualTo(42);
		assertThat(body.get("badgeid").asLong()).isEqualTo(7);
		assertThat(body.get("badgename").asString()).isEqualTo("Gold");
		assertThat(body.get("source").asString()).isEqualTo("manual");
		assertThat(body.get("ruleid").isNull()).isTrue();
		assertThat(body.get("challengeid").isNull()).isTrue();
	}

}
