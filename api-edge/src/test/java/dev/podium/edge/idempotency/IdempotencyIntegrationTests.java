package dev.podium.edge.idempotency;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import dev.podium.edge.EdgeTest;
import dev.podium.edge.EdgeTestSupport;
import dev.podium.platform.testing.ApiClient;
import dev.podium.platform.testing.TestTenant;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@EdgeTest
@Import(IdempotencyIntegrationTests.Flaky.class)
class IdempotencyIntegrationTests extends EdgeTestSupport {

	@Autowired
	JdbcClient jdbc;

	@Test
	void theSameKeyAndBodyReturnTheFirstAnswerAndCreateNothingMore() {
		String key = UUID.randomUUID().toString();
		Map<String, String> headers = Map.of("Idempotency-Key", key);

		ApiClient.Response first = this.api.post("/challenges", this.tenant.admin(), challenge("once"), headers);
		ApiClient.Response again = this.api.post("/challenges", this.tenant.admin(), challenge("once"), headers);

		assertThat(first.status()).isEqualTo(201);
		assertThat(again.status()).isEqualTo(201);
		assertThat(again.text()).isEqualTo(first.text());
		assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(challengesNamed("once")).isEqualTo(1);
	}

	@Test
	void aReplayedCommandAnswersTheSameJob() {
		long challenge = createChallenge(this.tenant.admin(), "close once");
		Map<String, String> headers = Map.of("Idempotency-Key", UUID.randomUUID().toString());

		ApiClient.Response first = this.api.post("/challenges/close?id=" + challenge, this.tenant.admin(), null,
				headers);
		ApiClient.Response again = this.api.post("/challenges/close?id=" + challenge, this.tenant.admin(), null,
				headers);

		assertThat(first.status()).isEqualTo(202);
		assertThat(again.status()).isEqualTo(202);
		assertThat(again.json().get("jobid").asLong()).isEqualTo(first.json().get("jobid").asLong());
		assertThat(again.header("Location")).isEqualTo(first.header("Location"));
	}

	@Test
	void theSameKeyWithAnotherBodyIsUnprocessable() {
		Map<String, String> headers = Map.of("Idempotency-Key", UUID.randomUUID().toString());
		this.api.post("/challenges", this.tenant.admin(), challenge("first body"), headers);

		ApiClient.Response other = this.api.post("/challenges", this.tenant.admin(), challenge("second body"), headers);

		assertThat(other.status()).isEqualTo(422);
		assertThat(other.json().get("field").asString()).isEqualTo("Idempotency-Key");
		assertThat(challengesNamed("second body")).isZero();
	}

	@Test
	void theSameKeyWhileTheFirstIsInFlightIsAConflict() {
		long challenge = createChallenge(this.tenant.admin(), "slow");
		Map<String, String> headers = Map.of("Idempotency-Key", UUID.randomUUID().toString(), "Prefer", "wait=4");
		// No worker runs here: the first request waits its full 4 seconds for a job that
		// does not end.
		CompletableFuture<ApiClient.Response> first = CompletableFuture
			.supplyAsync(() -> this.api.post("/challenges/close?id=" + challenge, this.tenant.admin(), null, headers));
		await().until(() -> this.jdbc.sql("select count(*) from job where challenge_id = :id")
			.param("id", challenge)
			.query(Long.class)
			.single() == 1);

		ApiClient.Response second = this.api.post("/challenges/close?id=" + challenge, this.tenant.admin(), null,
				headers);

		assertThat(second.status()).isEqualTo(409);
		assertThat(second.json().get("code").asString()).isEqualTo("idempotency_key_in_flight");
		assertThat(first.join().status()).isEqualTo(202);
	}

	@Test
	void keysAreScopedPerOrganisation() {
		String key = UUID.randomUUID().toString();
		TestTenant other = TestTenant.create(this.context);

		ApiClient.Response ours = this.api.post("/challenges", this.tenant.admin(), challenge("scoped"),
				Map.of("Idempotency-Key", key));
		ApiClient.Response theirs = this.api.post("/challenges", other.admin(), challenge("scoped"),
				Map.of("Idempotency-Key", key));

		assertThat(ours.status()).isEqualTo(201);
		assertThat(theirs.status()).isEqualTo(201);
		assertThat(theirs.header("Idempotent-Replayed")).isNull();
		assertThat(theirs.json().get("id").asLong()).isNotEqualTo(ours.json().get("id").asLong());
	}

	@Test
	void aRefusedFirstRequestIsAnAnswerAndIsReplayed() {
		String key = UUID.randomUUID().toString();
		ApiClient.Response refused = this.api.post("/challenges", this.tenant.admin(), Map.of("name", "no dates"),
				Map.of("Idempotency-Key", key));
		assertThat(refused.status()).isEqualTo(400);

		// A 4xx is an answer like any other: replayed, not re-run.
		ApiClient.Response replayed = this.api.post("/challenges", this.tenant.admin(), Map.of("name", "no dates"),
				Map.of("Idempotency-Key", key));
		assertThat(replayed.status()).isEqualTo(400);
		assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
	}

	@Test
	void aFirstRequestThatFailsWithAServerErrorLeavesTheKeyFreeForARetry() {
		Map<String, String> headers = Map.of("Idempotency-Key", UUID.randomUUID().toString());

		ApiClient.Response failed = this.api.post("/test/flaky", this.tenant.admin(), "{}", headers);
		ApiClient.Response retried = this.api.post("/test/flaky", this.tenant.admin(), "{}", headers);

		assertThat(failed.status()).isEqualTo(500);
		assertThat(retried.status()).isEqualTo(200);
		assertThat(retried.header("Idempotent-Replayed")).isNull();
	}

	@TestConfiguration
	@RestController
	static class Flaky {

		private final AtomicInteger calls = new AtomicInteger();

		@PostMapping("/test/flaky")
		Map<String, Object> flaky() {
			if (this.calls.getAndIncrement() == 0) {
				throw new IllegalStateException("the first call fails");
			}
			return Map.of("success", true);
		}

	}

	private long challengesNamed(String name) {
		return this.jdbc.sql("select count(*) from challenge where organisation_id = :o and name = :name")
			.param("o", this.tenant.organisationId())
			.param("name", name)
			.query(Long.class)
			.single();
	}

}
