package dev.podium.local;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.podium.platform.testing.ApiClient;
import dev.podium.platform.testing.RealInfrastructure;
import dev.podium.platform.testing.TestTenant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared stack, an HTTP client and a database client for the flow tests, and a fresh
 * organisation with a token per role for each test.
 */
abstract class StackTestSupport {

	static LocalStack stack;

	static ApiClient api;

	static JdbcClient jdbc;

	TestTenant tenant;

	@BeforeAll
	static void start() {
		stack = SharedStack.get();
		api = new ApiClient(stack.baseUrl());
		jdbc = JdbcClient.create(RealInfrastructure.dataSource());
	}

	@BeforeEach
	void tenant() {
		this.tenant = TestTenant.create(stack.apps().get(0));
	}

	/**
	 * A challenge over October (threshold 10, 50 points, the reward badge if not null)
	 * whose users 1, 2, … have the given values.
	 */
	long challengeWithResults(String name, Long badge, double... values) {
		Map<String, Object> fields = new HashMap<>(Map.of("name", name, "threshold", 10, "startdate", "2026-10-01",
				"enddate", "2026-10-31", "rewardpoints", 50));
		if (badge != null) {
			fields.put("rewardbadgeid", badge);
		}
		long challenge = api.post("/challenges", this.tenant.admin(), fields).json().get("id").asLong();
		uploadResults(challenge, values);
		return challenge;
	}

	/**
	 * Uploads a snapshot of users 1, 2, … with these metric values (PUT
	 * /challenges/results): who meets the challenge's threshold wins its close.
	 */
	void uploadResults(long challenge, double... values) {
		List<Map<String, Object>> rows = new ArrayList<>();
		for (int i = 0; i < values.length; i++) {
			rows.add(Map.of("participantid", i + 1, "metricvalue", values[i]));
		}
		assertThat(api.send("PUT", "/challenges/results?id=" + challenge, this.tenant.admin(), rows, Map.of()).status())
			.isEqualTo(200);
	}

}
