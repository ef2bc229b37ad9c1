package dev.podium.local;

import dev.podium.platform.testing.ApiClient;
import dev.podium.platform.testing.RealInfrastructure;
import dev.podium.platform.testing.TestTenant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.jdbc.core.simple.JdbcClient;

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

}
