package dev.podium.local;

import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.podium.platform.testing.ApiClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cron hook closes every eligible challenge (auto-close on, active, open, ended),
 * recomputing each snapshot from the activities first, and nothing else.
 */
class AutoCloseIntegrationTests extends StackTestSupport {

	@Test
	void anAnonymousRunClosesExactlyTheEligibleChallengesWithFreshResults() {
		String ended = LocalDate.now().minusDays(2).toString();
		String started = LocalDate.now().minusDays(30).toString();
		String future = LocalDate.now().plusDays(5).toString();
		long eligible = create(started, ended, 1, 1);
		long running = create(started, future, 1, 1);
		long manual = create(started, ended, 0, 1);
		long inactive = create(started, ended, 1, 0);
		String when = LocalDate.now().minusDays(3) + "T12:00:00Z";
		ApiClient.Response sent = api.post("/activities", this.tenant.admin(),
				List.of(Map.of("id", "ac-1", "occurredat", when, "participants", Map.of("user", 1), "kind", "x"),
						Map.of("id", "ac-2", "occurredat", when, "participants", Map.of("user", 1), "kind", "x"),
						Map.of("id", "ac-3", "occurredat", when, "participants", Map.of("user", 2), "kind", "x")));
		assertThat(sent.json().get("accepted").asInt()).isEqualTo(3);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> jdbc.sql("select count(*) from activity where organisation_id = :o")
				.param("o", this.tenant.organisationId())
				.query(Long.class)
				.single() == 3);

		ApiClient.Response run = api.post("/challenges/autoclose-run?organisation=" + this.tenant.organisationId(),
				null, null, Map.of("Prefer", "wait=30"));

		assertThat(run.status()).as(run.text()).isEqualTo(200);
		assertThat(run.json().get("success").asBoolean()).isTrue();
		assertThat(run.json().get("scanned").asInt()).isEqualTo(1);
		assertThat(run.json().get("closed").asInt()).isEqualTo(1);
		assertThat(closed(eligible)).isTrue();
		assertThat(closed(running)).isFalse();
		assertThat(closed(manual)).isFalse();
		assertThat(closed(inactive)).isFalse();
		// threshold 2: only user 1 (two activities) wins.
		assertThat(jdbc.sql("select participant_id from ledger where challenge_id = :c")
			.param("c", eligible)
			.query(Long.class)
			.list()).containsExactly(1L);

		ApiClient.Response again = api.post("/challenges/autoclose-run?organisation=" + this.tenant.organisationId(),
				null, null, Map.of("Prefer", "wait=30"));
		assertThat(again.json().get("closed").asInt()).isZero();
	}

	@Test
	void anOrganisationThatRequiresATokenRefusesAnonymousRuns() {
		jdbc.sql("update organisation set autoclose_needs_token = true where id = :o")
			.param("o", this.tenant.organisationId())
			.update();

		assertThat(
				api.post("/challenges/autoclose-run?organisation=" + this.tenant.organisationId(), null, null).status())
			.isEqualTo(401);
		assertThat(api.post("/challenges/autoclose-run", null, null).status()).isEqualTo(401);
		assertThat(api.post("/challenges/autoclose-run", this.tenant.viewer(), null).status()).isEqualTo(403);
		assertThat(
				api.post("/challenges/autoclose-run", this.tenant.admin(), null, Map.of("Prefer", "wait=30")).status())
			.isEqualTo(200);
	}

	private long create(String start, String end, int autoclose, int active) {
		Map<String, Object> fields = new HashMap<>(Map.of("name", "auto", "metric", 0, "scope", 2, "threshold", 2,
				"startdate", start, "enddate", end, "rewardpoints", 5, "autoclose", autoclose, "active", active));
		return api.post("/challenges", this.tenant.admin(), fields).json().get("id").asLong();
	}

	private boolean closed(long challenge) {
		return jdbc.sql("select closed from challenge where id = :id")
			.param("id", challenge)
			.query(Boolean.class)
			.single();
	}

}
