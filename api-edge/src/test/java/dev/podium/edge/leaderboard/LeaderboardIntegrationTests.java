package dev.podium.edge.leaderboard;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.podium.edge.EdgeTest;
import dev.podium.edge.EdgeTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

@EdgeTest
class LeaderboardIntegrationTests extends EdgeTestSupport {

	@Autowired
	JdbcClient jdbc;

	@BeforeEach
	void inLondon() {
		this.jdbc.sql("update organisation set time_zone = 'Europe/London' where id = :o")
			.param("o", this.tenant.organisationId())
			.update();
	}

	@Test
	void theDayTheClocksGoForwardCountsTheAwardsOfIts23LocalHours() {
		long challenge = createChallenge(this.tenant.admin(), "window");
		award(challenge, 1, 10, "2026-03-28T23:59:00Z"); // 28 March, GMT: the day before
		award(challenge, 2, 30, "2026-03-29T00:30:00Z"); // 00:30 GMT on the 29th
		award(challenge, 3, 20, "2026-03-29T22:30:00Z"); // 23:30 BST on the 29th
		award(challenge, 4, 40, "2026-03-29T23:30:00Z"); // 00:30 BST on the 30th: the
															// next day
		award(challenge, 5, 20, "2026-03-29T12:00:00Z");

		JsonNode day = this.api.get("/leaderboards/points?window=day&at=2026-03-29T12:00:00Z", this.tenant.viewer())
			.json();

		assertThat(day.get("from").asString()).isEqualTo("2026-03-29T00:00:00Z");
		assertThat(day.get("to").asString()).isEqualTo("2026-03-29T23:00:00Z");
		assertThat(day.get("timezone").asString()).isEqualTo("Europe/London");
		assertThat(day.get("totalrows").asLong()).isEqualTo(3);
		assertThat(column(day, "participantid")).containsExactly(2L, 3L, 5L);
		assertThat(column(day, "rank")).containsExactly(1L, 2L, 2L);
		assertThat(column(day, "points")).containsExactly(30L, 20L, 20L);
	}

	@Test
	void theDayTheClocksGoBackAndARollingDayAcrossItDiffer() {
		long challenge = createChallenge(this.tenant.admin(), "autumn");
		award(challenge, 1, 10, "2026-10-24T23:30:00Z"); // 00:30 BST on the 25th
		award(challenge, 2, 10, "2026-10-25T23:30:00Z"); // 23:30 GMT on the 25th
		award(createChallenge(this.tenant.admin(), "autumn, too"), 2, 5, "2026-10-25T01:30:00Z"); // the
																									// second
																									// 01:30

		JsonNode day = this.api.get("/leaderboards/points?window=day&at=2026-10-25T12:00:00Z", this.tenant.viewer())
			.json();
		JsonNode rolling = this.api.get("/leaderboards/points?window=24h&at=2026-10-25T23:45:00Z", this.tenant.viewer())
			.json();

		assertThat(column(day, "participantid")).containsExactly(2L, 1L);
		assertThat(column(day, "points")).containsExactly(15L, 10L);
		// The last 24 hours before 23:45 GMT start at 23:45 UTC the day before: the
		// 00:30 BST award (23:30 UTC) is out.
		assertThat(column(rolling, "participantid")).containsExactly(2L);
	}

	@Test
	void optedOutParticipantsAreHiddenButForAdminsAndOtherTypesAndReasonsDoNotCount() {
		long challenge = createChallenge(this.tenant.admin(), "hidden");
		award(challenge, 1, 30, "2026-11-10T10:00:00Z");
		award(challenge, 2, 20, "2026-11-11T10:00:00Z");
		this.jdbc.sql("""
				insert into ledger (organisation_id, created_at, participant_type, participant_id, points, reason)
				values (:o, '2026-11-12T10:00:00Z', 2, 3, 99, 3)
				""").param("o", this.tenant.organisationId()).update();
		this.api.send("PUT", "/participants", this.tenant.admin(),
				List.of(Map.of("participanttype", 2, "participantid", 1, "name", "Ada", "optout", true)), Map.of());

		JsonNode viewer = this.api
			.get("/leaderboards/points?window=month&at=2026-11-15T00:00:00Z", this.tenant.viewer())
			.json();
		JsonNode admin = this.api.get("/leaderboards/points?window=month&at=2026-11-15T00:00:00Z", this.tenant.admin())
			.json();
		JsonNode teams = this.api
			.get("/leaderboards/points?window=month&at=2026-11-15T00:00:00Z&participanttype=4", this.tenant.admin())
			.json();

		assertThat(column(viewer, "participantid")).containsExactly(2L);
		assertThat(column(viewer, "rank")).containsExactly(2L);
		assertThat(viewer.get("totalrows").asLong()).isEqualTo(1);
		assertThat(column(admin, "participantid")).containsExactly(1L, 2L);
		assertThat(column(admin, "optedout")).containsExactly(1L, 0L);
		assertThat(teams.get("totalrows").asLong()).isZero();
	}

	@Test
	void aBadWindowOrMomentIsRefusedNamingTheParameter() {
		for (String query : List.of("window=year", "window=", "window=day&at=yesterday",
				"window=day&participanttype=7")) {
			JsonNode answer = this.api.get("/leaderboards/points?" + query, this.tenant.viewer()).json();

			assertThat(answer.get("field").asString()).as(query)
				.isEqualTo(query.contains("at=") ? "at" : query.contains("type") ? "participanttype" : "window");
		}
	}

	private void award(long challenge, long participant, long points, String at) {
		this.jdbc.sql("""
				insert into ledger (organisation_id, created_at, challenge_id, participant_type, participant_id, points,
				                    reason)
				values (:o, :at, :c, 2, :p, :points, 0)
				""")
			.param("o", this.tenant.organisationId())
			.param("at", Timestamp.from(Instant.parse(at)))
			.param("c", challenge)
			.param("p", participant)
			.param("points", points)
			.update();
	}

	private static List<Long> column(JsonNode board, String name) {
		return board.get("rows").valueStream().map((row) -> row.get(name).asLong()).toList();
	}

}
