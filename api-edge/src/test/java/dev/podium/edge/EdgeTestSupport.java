package dev.podium.edge;

import java.util.Map;

import dev.podium.platform.testing.ApiClient;
import dev.podium.platform.testing.TestTenant;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/**
 * A fresh organisation and an HTTP client for each test.
 */
public abstract class EdgeTestSupport {

	@LocalServerPort
	protected int port;

	@Autowired
	protected ApplicationContext context;

	protected ApiClient api;

	protected TestTenant tenant;

	@BeforeEach
	void prepare() {
		this.api = new ApiClient("http://localhost:" + this.port);
		this.tenant = TestTenant.create(this.context);
	}

	protected static Map<String, Object> challenge(String name) {
		return Map.of("name", name, "metric", 0, "scope", 2, "threshold", 10, "comparator", 0, "startdate",
				"2026-10-01", "enddate", "2026-10-31", "rewardpoints", 50);
	}

	protected long createChallenge(String token, String name) {
		ApiClient.Response created = this.api.post("/challenges", token, challenge(name));
		if (created.status() != 201) {
			throw new IllegalStateException("create answered " + created.status() + ": " + created.text());
		}
		return created.json().get("id").asLong();
	}

}
