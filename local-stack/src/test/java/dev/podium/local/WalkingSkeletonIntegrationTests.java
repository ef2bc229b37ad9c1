package dev.podium.local;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.podium.contracts.Topics;
import dev.podium.platform.job.Jobs;
import dev.podium.platform.testing.ApiClient;
import dev.podium.platform.testing.TestMessages;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The walking skeleton: one close through HTTP, the outbox, the relay, the real broker
 * and every worker, with redeliveries and a poison message on the way.
 */
class WalkingSkeletonIntegrationTests extends StackTestSupport {

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	@Test
	void aCloseFlowsThroughTheOutboxTheRelayAndEveryWorker() {
		long challenge = createChallenge("end to end");

		ApiClient.Response closed = api.post("/challenges/close?id=" + challenge, this.tenant.admin(), null,
				Map.of("Prefer", "wait=30"));

		assertThat(closed.status()).as(closed.text()).isEqualTo(200);
		assertThat(closed.json().get("status").asString()).isEqualTo("succeeded");
		long job = closed.json().get("jobid").asLong();
		JsonNode polled = api.get("/jobs/" + job, this.tenant.viewer()).json();
		assertThat(polled.get("status").asString()).isEqualTo("succeeded");
		assertThat(polled.get("startedat").isNull()).isFalse();
		assertThat(polled.get("finishedat").isNull()).isFalse();
		assertThat(api.get("/challenges?id=" + challenge, this.tenant.viewer()).json().at("/challenge/closed").asInt())
			.isEqualTo(1);

		assertThat(closedEvents(challenge)).hasSize(1);
		ConsumerRecord<String, String> event = closedEvents(challenge).get(0);
		await().atMost(DEADLINE).untilAsserted(() -> {
			assertThat(handled("notification-worker", event)).isEqualTo(1);
			assertThat(receipts("badge-rule-worker", challenge)).isEqualTo(1);
		});
		assertThat(TestMessages.header(event, "ce_type")).isEqualTo("podium.challenge.closed.v1");
		assertThat(TestMessages.header(event, "ce_source"))
			.isEqualTo("/podium/organisations/" + this.tenant.organisationId());
		assertThat(event.value()).contains("\"challengeId\":" + challenge);
		assertThat(TestMessages.read(Topics.JOB_EVENTS, (r) -> Long.toString(job).equals(r.key()), 1, DEADLINE))
			.hasSize(1);
	}

	@Test
	void closingAClosedChallengeIsAConflict() {
		long challenge = createChallenge("twice");
		api.post("/challenges/close?id=" + challenge, this.tenant.admin(), null, Map.of("Prefer", "wait=30"));

		ApiClient.Response again = api.post("/challenges/close?id=" + challenge, this.tenant.admin(), null);

		assertThat(again.status()).isEqualTo(409);
		assertThat(again.json().get("code").asString()).isEqualTo("challenge_closed");
	}

	@Test
	void aRedeliveredCommandClosesNothingTwice() {
		long challenge = createChallenge("redelivered command");
		ApiClient.Response closed = api.post("/challenges/close?id=" + challenge, this.tenant.admin(), null,
				Map.of("Prefer", "wait=30"));
		String finishedAt = api.get("/jobs/" + closed.json().get("jobid").asLong(), this.tenant.admin())
			.json()
			.get("finishedat")
			.asString();
		ConsumerRecord<String, String> command = TestMessages
			.read(Topics.COMMANDS, (r) -> Long.toString(challenge).equals(r.key()), 1, DEADLINE)
			.get(0);

		TestMessages.redeliver(command);
		TestMessages.awaitConsumed("close-worker", Topics.COMMANDS, DEADLINE);
		TestMessages.awaitConsumed("notification-worker", Topics.CHALLENGE_EVENTS, DEADLINE);

		List<ConsumerRecord<String, String>> events = closedEvents(challenge);
		assertThat(events).hasSize(1);
		assertThat(api.get("/jobs/" + closed.json().get("jobid").asLong(), this.tenant.admin())
			.json()
			.get("finishedat")
			.asString()).isEqualTo(finishedAt);
		assertThat(handled("notification-worker", events.get(0))).isEqualTo(1);
	}

	@Test
	void aRedeliveredEventIsRecordedOnce() {
		long challenge = createChallenge("redelivered event");
		api.post("/challenges/close?id=" + challenge, this.tenant.admin(), null, Map.of("Prefer", "wait=30"));
		ConsumerRecord<String, String> event = closedEvents(challenge).get(0);

		TestMessages.redeliver(event);
		TestMessages.redeliver(event);
		TestMessages.awaitConsumed("notification-worker", Topics.CHALLENGE_EVENTS, DEADLINE);
		TestMessages.awaitConsumed("badge-rule-worker", Topics.CHALLENGE_EVENTS, DEADLINE);

		assertThat(handled("notification-worker", event)).isEqualTo(1);
		assertThat(receipts("badge-rule-worker", challenge)).isEqualTo(1);
	}

	@Test
	void theEdgesPrometheusEndpointCarriesTheWorkersConsumerMeters() {
		ApiClient.Response scrape = api.get("/actuator/prometheus", null);

		assertThat(scrape.status()).isEqualTo(200);
		assertThat(scrape.text()).containsPattern("kafka_consumer_\\w+\\{[^}]*client_id=\"consumer-close-worker-\\d+\"")
			.containsPattern("kafka_consumer_\\w+\\{[^}]*client_id=\"consumer-badge-rule-worker-\\d+\"")
			.containsPattern("kafka_consumer_\\w+\\{[^}]*client_id=\"consumer-notification-worker-\\d+\"");
	}

	@Test
	void aPoisonCommandIsDeadLetteredAndTheWorkerGoesOn() {
		String key = "poison-" + UUID.randomUUID();
		TestMessages.produce(Topics.COMMANDS, key, "not json at all",
				Map.of("ce_id", UUID.randomUUID().toString(), "ce_type", "podium.command.close-challenge.v1"));

		assertThat(TestMessages.read(Topics.deadLetter(Topics.COMMANDS), (r) -> key.equals(r.key()), 1, DEADLINE))
			.hasSize(1);
		long challenge = createChallenge("after the poison");
		assertThat(api.post("/challenges/close?id=" + challenge, this.tenant.admin(), null, Map.of("Prefer", "wait=30"))
			.status()).isEqualTo(200);
		String workerPort = stack.apps().get(1).getEnvironment().getProperty("local.server.port");
		ApiClient.Response health = new ApiClient("http://localhost:" + workerPort).get("/actuator/health", null);
		assertThat(health.json().get("status").asString()).isEqualTo("UP");
	}

	@ParameterizedTest
	@ValueSource(strings = { Topics.COMMANDS, Topics.BULK_COMMANDS })
	void aDeadLetteredCommandFailsItsJobSoThatNoClientWaitsForever(String topic) {
		long job = stack.apps()
			.get(0)
			.getBean(TransactionTemplate.class)
			.execute(
					(s) -> stack.apps().get(0).getBean(Jobs.class).create(this.tenant.organisationId(), "close", null));
		TestMessages.produce(topic, "broken-" + job, "{\"jobId\":" + job + ",\"challengeId\":\"not a number\"}",
				Map.of("ce_id", UUID.randomUUID().toString(), "ce_type", "podium.command.close-challenge.v1"));

		await().atMost(DEADLINE)
			.untilAsserted(
					() -> assertThat(api.get("/jobs/" + job, this.tenant.admin()).json().get("status").asString())
						.isEqualTo("failed"));
		assertThat(api.get("/jobs/" + job, this.tenant.admin()).json().at("/error/code").asString())
			.isEqualTo("internal_error");
	}

	private long createChallenge(String name) {
		return api
			.post("/challenges", this.tenant.admin(), Map.of("name", name, "metric", 0, "scope", 2, "threshold", 10,
					"comparator", 0, "startdate", "2026-10-01", "enddate", "2026-10-31", "rewardpoints", 50))
			.json()
			.get("id")
			.asLong();
	}

	private static long receipts(String consumer, long challenge) {
		return jdbc.sql("select count(*) from challenge_close_receipt where consumer = :c and challenge_id = :id")
			.param("c", consumer)
			.param("id", challenge)
			.query(Long.class)
			.single();
	}

	/** How many times a consumer recorded an event in its inbox (once at most). */
	private static long handled(String consumer, ConsumerRecord<String, String> event) {
		return jdbc.sql("select count(*) from inbox where consumer = :c and message_id = :id")
			.param("c", consumer)
			.param("id", UUID.fromString(TestMessages.header(event, "ce_id")))
			.query(Long.class)
			.single();
	}

	private static List<ConsumerRecord<String, String>> closedEvents(long challenge) {
		// Read for a few seconds past the first match, so that a duplicate would be seen.
		return TestMessages.read(Topics.CHALLENGE_EVENTS, (r) -> Long.toString(challenge).equals(r.key()), 2,
				Duration.ofSeconds(3));
	}

}
