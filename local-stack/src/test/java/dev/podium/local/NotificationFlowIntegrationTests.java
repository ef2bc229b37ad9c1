package dev.podium.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.podium.platform.testing.ApiClient;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * In-app notifications through the whole system: a close over HTTP, its awards and grants
 * through the outbox, the relay and Kafka to the notification-worker, and the
 * participants reading and marking their notifications over HTTP.
 */
class NotificationFlowIntegrationTests extends StackTestSupport {

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	@Test
	void aClosesWinnersHearOfTheirPointsBadgeAndWinAndTheOthersOfTheClose() {
		long badge = api.post("/badges", this.tenant.admin(), Map.of("name", "Sprinter")).json().get("id").asLong();
		long challenge = api.post("/challenges", this.tenant.admin(),
				Map.of("name", "Winter sprint", "metric", 0, "scope", 2, "threshold", 10, "comparator", 0, "startdate",
						"2026-10-01", "enddate", "2026-10-31", "rewardpoints", 50, "rewardbadgeid", badge))
			.json()
			.get("id")
			.asLong();
		List<Map<String, Object>> results = new ArrayList<>();
		double[] values = { 30, 12, 9 };
		for (int i = 0; i < values.length; i++) {
			results.add(Map.of("participanttype", 2, "participantid", i + 1, "metricvalue", values[i]));
		}
		assertThat(
				api.send("PUT", "/challenges/results?id=" + challenge, this.tenant.admin(), results, Map.of()).status())
			.isEqualTo(200);

		ApiClient.Response closed = api.post("/challenges/close?id=" + challenge, this.tenant.admin(), null,
				Map.of("Prefer", "wait=30"));

		assertThat(closed.status()).as(closed.text()).isEqualTo(200);
		await().atMost(DEADLINE).untilAsserted(() -> {
			assertThat(kinds(notifications(1))).containsExactlyInAnyOrder("points_awarded", "badge_granted",
					"challenge_closed");
			assertThat(kinds(notifications(2))).containsExactlyInAnyOrder("points_awarded", "badge_granted",
					"challenge_closed");
			assertThat(kinds(notifications(3))).containsExactly("challenge_closed");
		});
		JsonNode winner = notifications(1);
		assertThat(titles(winner)).containsExactlyInAnyOrder("Points earned: 50 for Winter sprint",
				"Badge earned: Sprinter", "Challenge won: Winter sprint (rank 1)");
		assertThat(titles(notifications(3))).containsExactly("Challenge closed: Winter sprint (rank 3)");
		assertThat(winner.get("unreadcount").asLong()).isEqualTo(3);

		// The participant token is participant (2, 1): it reads and marks its own.
		JsonNode own = api.get("/notifications", this.tenant.participant()).json();
		assertThat(own.get("totalrows").asLong()).isEqualTo(3);
		long first = own.at("/rows/0/id").asLong();
		ApiClient.Response one = api.post("/notifications/read", this.tenant.participant(),
				Map.of("ids", List.of(first)));
		assertThat(one.json().get("marked").asInt()).isEqualTo(1);
		JsonNode afterOne = api.get("/notifications", this.tenant.participant()).json();
		assertThat(afterOne.get("unreadcount").asLong()).isEqualTo(2);
		assertThat(afterOne.at("/rows/0/read").asBoolean()).isTrue();
		ApiClient.Response rest = api.post("/notifications/read", this.tenant.participant(), Map.of());
		assertThat(rest.json().get("marked").asInt()).isEqualTo(2);
		assertThat(api.get("/notifications?unread=1", this.tenant.participant()).json().get("totalrows").asLong())
			.isZero();
		assertThat(notifications(2).get("unreadcount").asLong()).isEqualTo(3);
	}

	private JsonNode notifications(long user) {
		ApiClient.Response answer = api.get("/notifications?participanttype=2&participantid=" + user,
				this.tenant.viewer());
		assertThat(answer.status()).as(answer.text()).isEqualTo(200);
		return answer.json();
	}

	private static List<String> kinds(JsonNode page) {
		return page.get("rows").valueStream().map((row) -> row.get("kind").asString()).toList();
	}

	private static List<String> titles(JsonNode page) {
		return page.get("rows").valueStream().map((row) -> row.get("title").asString()).toList();
	}

}
