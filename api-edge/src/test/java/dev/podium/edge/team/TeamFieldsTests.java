package dev.podium.edge.team;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.podium.platform.error.ApiException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TeamFieldsTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void aRosterOfTenThousandIsAcceptedAndOneMoreIsRefused() {
		List<Map<String, Object>> roster = new ArrayList<>();
		for (int i = 0; i < TeamFields.MAX_MEMBERS; i++) {
			roster.add(Map.of("participanttype", 1 + i % 2, "participantid", i));
		}

		assertThat(TeamFields.members(JSON.valueToTree(roster))).hasSize(TeamFields.MAX_MEMBERS);
		roster.add(Map.of("participanttype", 1, "participantid", 1_000_000));
		JsonNode tooMany = JSON.valueToTree(roster);
		assertThatThrownBy(() -> TeamFields.members(tooMany)).isInstanceOfSatisfying(ApiException.class,
				(ex) -> assertThat(ex.error().field()).isEqualTo("members"));
	}

	@Test
	void theSameParticipantIdMayBeAUnitAndAUser() {
		JsonNode roster = JSON.valueToTree(List.of(Map.of("participanttype", 1, "participantid", 7),
				Map.of("participanttype", 2, "participantid", 7)));

		assertThat(TeamFields.members(roster)).containsExactly(new TeamFields.Member(1, 7),
				new TeamFields.Member(2, 7));
	}

	@Test
	void aFractionalOrStringIdIsRefused() {
		for (Object id : List.of(1.5, "7")) {
			JsonNode roster = JSON.valueToTree(List.of(Map.of("participanttype", 2, "participantid", id)));
			assertThatThrownBy(() -> TeamFields.members(roster)).isInstanceOfSatisfying(ApiException.class,
					(ex) -> assertThat(ex.error().field()).isEqualTo("members[0].participantid"));
		}
	}

}
