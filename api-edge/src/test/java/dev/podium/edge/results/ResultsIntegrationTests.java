package dev.podium.edge.results;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.podium.edge.EdgeTest;
import dev.podium.edge.EdgeTestSupport;
import dev.podium.platform.testing.ApiClient;
import dev.podium.platform.testing.TestTenant;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

@EdgeTest
class ResultsIntegrationTests extends EdgeTestSupport {

	@Autowired
	JdbcClient jdbc;

	@Test
	void anUploadedSnapshotIsRankedWinnersFirstWithCompetitionRanks() {
		long challenge = createChallenge(this.tenant.admin(), "ranked");
		// threshold 10, comparator >=: 30 and 30 tie for first, 12 third; 9 and 5 are not
		// winners.
		upload(challenge, List.of(row(4, 9), row(1, 30), row(2, 12), row(3, 30), row(5, 5)));

		JsonNode rows = this.api.get("/challenges/results?id=" + challenge, this.tenant.viewer()).json().get("rows");

		assertThat(rows).hasSize(5);
		assertThat(ids(rows)).containsExactly(1L, 3L, 2L, 4L, 5L);
		assertThat(ranks(rows)).containsExactly(1, 1, 3, 4, 5);
		assertThat(rows.get(0).get("met").asInt()).isEqualTo(1);
		assertThat(rows.get(2).get("met").asInt()).isEqualTo(1);
		assertThat(rows.get(3).get("met").asInt()).isZero();
		assertThat(rows.get(0).get("computedat").asString()).isEqualTo(rows.get(4).get("computedat").asString());
	}

	@Test
	void anOptedOutParticipantIsHiddenFromEveryoneButAdminsAndTheRanksKeepTheirGaps() {
		long challenge = createChallenge(this.tenant.admin(), "opt-out");
		upload(challenge, List.of(row(1, 30), row(2, 20), row(3, 15)));
		ApiClient.Response optOut = this.api.send("PUT", "/participants", this.tenant.admin(),
				List.of(Map.of("participanttype", 2, "participantid", 2, "name", "Grace", "optout", true)), Map.of());
		// A later rename without optout keeps the choice.
		this.api.send("PUT", "/participants", this.tenant.admin(),
				List.of(Map.of("participanttype", 2, "participantid", 2, "name", "Grace H.")), Map.of());

		JsonNode viewer = this.api.get("/challenges/results?id=" + challenge, this.tenant.viewer()).json();
		JsonNode coordinator = this.api.get("/challenges/results?id=" + challenge, this.tenant.coordinator()).json();
		JsonNode admin = this.api.get("/challenges/results?id=" + challenge, this.tenant.admin()).json();
		String viewerCsv = this.api.get("/challenges/results.csv?id=" + challenge, this.tenant.viewer()).text();
		String adminCsv = this.api.get("/challenges/results.csv?id=" + challenge, this.tenant.admin()).text();

		assertThat(optOut.status()).as(optOut.text()).isEqualTo(200);
		for (JsonNode board : List.of(viewer, coordinator)) {
			assertThat(ids(board.get("rows"))).containsExactly(1L, 3L);
			assertThat(ranks(board.get("rows"))).containsExactly(1, 3);
			assertThat(board.get("totalrows").asLong()).isEqualTo(2);
		}
		assertThat(ids(admin.get("rows"))).containsExactly(1L, 2L, 3L);
		assertThat(admin.at("/rows/1/optedout").asInt()).isEqualTo(1);
		assertThat(admin.at("/rows/1/name").asString()).isEqualTo("Grace H.");
		assertThat(admin.at("/rows/0/optedout").asInt()).isZero();
		assertThat(admin.get("totalrows").asLong()).isEqualTo(3);
		assertThat(viewerCsv).doesNotContain("Grace").hasLineCount(3);
		assertThat(this.api.get("/challenges/participant?participanttype=2&participantid=2", this.tenant.admin())
			.json()
			.get("optout")
			.asBoolean()).isTrue();
		assertThat(adminCsv).contains("Grace H.").hasLineCount(4);

		this.api.send("PUT", "/participants", this.tenant.admin(),
				List.of(Map.of("participanttype", 2, "participantid", 2, "name", "Grace", "optout", 0)), Map.of());
		assertThat(this.api.get("/challenges/results?id=" + challenge, this.tenant.viewer())
			.json()
			.get("totalrows")
			.asLong()).isEqualTo(3);
		assertThat(this.api.send("PUT", "/participants", this.tenant.admin(),
				List.of(Map.of("participanttype", 2, "participantid", 2, "name", "Grace", "optout", "yes")), Map.of())
			.json()
			.get("field")
			.asString()).isEqualTo("rows[0].optout");
	}

	@Test
	void withComparatorLessOrEqualTheLowestValueLeads() {
		Map<String, Object> fields = new HashMap<>(challenge("lowest wins"));
		fields.put("comparator", 1);
		long challenge = this.api.post("/challenges", this.tenant.admin(), fields).json().get("id").asLong();
		upload(challenge, List.of(row(1, 9), row(2, 3), row(3, 11), row(4, 3)));

		JsonNode rows = this.api.get("/challenges/results?id=" + challenge, this.tenant.viewer()).json().get("rows");

		assertThat(ids(rows)).containsExactly(2L, 4L, 1L, 3L);
		assertThat(ranks(rows)).containsExactly(1, 1, 3, 4);
		assertThat(rows.get(3).get("met").asInt()).isZero();
	}

	@Test
	void anUploadReplacesTheWholeSnapshot() {
		long challenge = createChallenge(this.tenant.admin(), "replaced");
		upload(challenge, List.of(row(1, 20), row(2, 20)));
		upload(challenge, List.of(row(3, 15)));

		JsonNode body = this.api.get("/challenges/results?id=" + challenge, this.tenant.viewer()).json();

		assertThat(body.get("totalrows").asLong()).isEqualTo(1);
		assertThat(ids(body.get("rows"))).containsExactly(3L);
	}

	@Test
	void theLeaderboardIsPagedAndNamesComeFromTheDirectory() {
		long challenge = createChallenge(this.tenant.admin(), "paged");
		this.jdbc.sql(
				"insert into participant (organisation_id, participant_type, participant_id, name) values (:o, 2, 2, 'Grace')")
			.param("o", this.tenant.organisationId())
			.update();
		upload(challenge, List.of(row(1, 50), row(2, 40), row(3, 30)));

		JsonNode second = this.api.get("/challenges/results?id=" + challenge + "&page=2&perPage=1", this.tenant.admin())
			.json();

		assertThat(second.get("totalrows").asLong()).isEqualTo(3);
		assertThat(second.get("rows")).hasSize(1);
		assertThat(second.at("/rows/0/participantid").asLong()).isEqualTo(2);
		assertThat(second.at("/rows/0/name").asString()).isEqualTo("Grace");
	}

	@Test
	void badRowsAreRefusedNamingTheRowAndField() {
		long challenge = createChallenge(this.tenant.admin(), "bad rows");

		ApiClient.Response noValue = this.api.send("PUT", "/challenges/results?id=" + challenge, this.tenant.admin(),
				List.of(row(1, 1), Map.of("participantid", 2)), Map.of());
		ApiClient.Response wrongType = this.api.send("PUT", "/challenges/results?id=" + challenge, this.tenant.admin(),
				List.of(Map.of("participantid", 2, "participanttype", 0, "metricvalue", 1)), Map.of());
		ApiClient.Response twice = this.api.send("PUT", "/challenges/results?id=" + challenge, this.tenant.admin(),
				List.of(row(1, 1), row(1, 2)), Map.of());
		ApiClient.Response notArray = this.api.send("PUT", "/challenges/results?id=" + challenge, this.tenant.admin(),
				Map.of("participantid", 1), Map.of());

		assertThat(noValue.status()).isEqualTo(400);
		assertThat(noValue.json().get("field").asString()).isEqualTo("rows[1].metricvalue");
		assertThat(wrongType.json().get("field").asString()).isEqualTo("rows[0].participanttype");
		assertThat(twice.json().get("field").asString()).isEqualTo("rows[1].participantid");
		assertThat(notArray.json().get("field").asString()).isEqualTo("rows");
		assertThat(this.api.get("/challenges/results?id=" + challenge, this.tenant.admin())
			.json()
			.get("totalrows")
			.asLong()).isZero();
	}

	@Test
	void theCsvIsQuotedAndSafeAgainstFormulaInjection() {
		long challenge = createChallenge(this.tenant.admin(), "csv");
		String[] names = { "=HYPERLINK(\"http://evil\")", "Smith, \"Jr\"", "+1", "@sum", "\tTab", "-minus", "Plain" };
		for (int i = 0; i < names.length; i++) {
			this.jdbc.sql(
					"insert into participant (organisation_id, participant_type, participant_id, name) values (:o, 2, :id, :name)")
				.param("o", this.tenant.organisationId())
				.param("id", i + 1)
				.param("name", names[i])
				.update();
		}
		upload(challenge, List.of(row(1, 70), row(2, 60), row(3, 50), row(4, 40), row(5, 30), row(6, 20), row(7, 10)));

		ApiClient.Response csv = this.api.get("/challenges/results.csv?id=" + challenge, this.tenant.viewer());

		assertThat(csv.status()).isEqualTo(200);
		assertThat(csv.header("Content-Type")).startsWith("text/csv");
		assertThat(csv.header("Content-Disposition")).contains("challenge-" + challenge + "-results.csv");
		String[] lines = csv.text().split("\r\n");
		assertThat(lines[0]).isEqualTo("rank,participanttype,participantid,name,metricvalue,met,computedat");
		assertThat(lines[1]).startsWith("1,2,1,\"'=HYPERLINK(\"\"http://evil\"\")\",70,1,");
		assertThat(lines[2]).startsWith("2,2,2,\"Smith, \"\"Jr\"\"\",60,1,");
		assertThat(lines[3]).contains(",'+1,");
		assertThat(lines[4]).contains(",'@sum,");
		assertThat(lines[5]).contains(",'\tTab,");
		assertThat(lines[6]).contains(",'-minus,");
		assertThat(lines[7]).startsWith("7,2,7,Plain,10,1,");
	}

	@Test
	void anotherOrganisationsResultsAreNotFound() {
		long challenge = createChallenge(this.tenant.admin(), "private results");
		upload(challenge, List.of(row(1, 20)));
		TestTenant other = TestTenant.create(this.context);

		assertThat(this.api.get("/challenges/results?id=" + challenge, other.admin()).status()).isEqualTo(404);
		assertThat(this.api.get("/challenges/results.csv?id=" + challenge, other.admin()).status()).isEqualTo(404);
		assertThat(
				this.api.send("PUT", "/challenges/results?id=" + challenge, other.admin(), List.of(row(9, 1)), Map.of())
					.status())
			.isEqualTo(404);
		assertThat(this.api.post("/challenges/preview?id=" + challenge, other.admin(), null).status()).isEqualTo(404);
		assertThat(this.api.get("/challenges/results?id=" + challenge, this.tenant.admin())
			.json()
			.get("totalrows")
			.asLong()).isEqualTo(1);
	}

	@Test
	void onlyAdminsUploadAndParticipantsDoNotReadLeaderboards() {
		long challenge = createChallenge(this.tenant.admin(), "roles");

		assertThat(this.api
			.send("PUT", "/challenges/results?id=" + challenge, this.tenant.coordinator(), List.of(row(1, 1)), Map.of())
			.status()).isEqualTo(403);
		assertThat(this.api.get("/challenges/results?id=" + challenge, this.tenant.participant()).status())
			.isEqualTo(403);
		assertThat(this.api.get("/challenges/results.csv?id=" + challenge, this.tenant.coordinator()).status())
			.isEqualTo(200);
		assertThat(this.api.post("/challenges/preview?id=" + challenge, this.tenant.coordinator(), null).status())
			.isEqualTo(202);
		assertThat(this.api.post("/challenges/preview?id=" + challenge, this.tenant.viewer(), null).status())
			.isEqualTo(403);
	}

	private void upload(long challenge, List<Map<String, Object>> rows) {
		ApiClient.Response answer = this.api.send("PUT", "/challenges/results?id=" + challenge, this.tenant.admin(),
				rows, Map.of());
		assertThat(answer.status()).as(answer.text()).isEqualTo(200);
		assertThat(answer.json().get("rows").asInt()).isEqualTo(rows.size());
	}

	private static Map<String, Object> row(long participant, double value) {
		return Map.of("participantid", participant, "metricvalue", value);
	}

	private static List<Long> ids(JsonNode rows) {
		return rows.valueStream().map((r) -> r.get("participantid").asLong()).toList();
	}

	private static List<Integer> ranks(JsonNode rows) {
		return rows.valueStream().map((r) -> r.get("rank").asInt()).toList();
	}

}
