package dev.podium.platform.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.podium.contracts.MessageTypes;
import dev.podium.contracts.Topics;
import dev.podium.platform.PlatformTestApplication;
import dev.podium.platform.testing.TestMessages;
import dev.podium.platform.inbox.Inbox;
import dev.podium.platform.testing.RealInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(classes = { PlatformTestApplication.class, KafkaErrorHandlingIntegrationTests.Listener.class },
		properties = "podium.relay.enabled=false")
@ContextConfiguration(initializers = RealInfrastructure.class)
class KafkaErrorHandlingIntegrationTests {

	static final String TOPIC = Topics.ACTIVITIES;

	@Autowired
	Listener listener;

	@Test
	void aMessageWithoutCloudEventsHeadersIsDeadLetteredAtOnce() {
		String key = "no-headers-" + UUID.randomUUID();
		TestMessages.produce(TOPIC, key, "{}", Map.of());

		assertThat(deadLettered(key)).isTrue();
		assertThat(this.listener.attempts(key)).isEqualTo(1);
	}

	@Test
	void aMessageOfAnUnknownTypeIsDeadLetteredAtOnce() {
		String key = "unknown-" + UUID.randomUUID();
		TestMessages.produce(TOPIC, key, "{}",
				Map.of("ce_id", UUID.randomUUID().toString(), "ce_type", "somebody.else.v1"));

		assertThat(deadLettered(key)).isTrue();
		assertThat(this.listener.attempts(key)).isEqualTo(1);
	}

	@Test
	void aMalformedBodyIsDeadLetteredAtOnce() {
		String key = "malformed-" + UUID.randomUUID();
		TestMessages.produce(TOPIC, key, "{not json",
				Map.of("ce_id", UUID.randomUUID().toString(), "ce_type", MessageTypes.JOB_FINISHED));

		assertThat(deadLettered(key)).isTrue();
		assertThat(this.listener.attempts(key)).isEqualTo(1);
	}

	@Test
	void aFailingMessageIsRetriedWithBackOffThenDeadLettered() {
		String key = "fail-" + UUID.randomUUID();
		TestMessages.produce(TOPIC, key, jobFinished(),
				Map.of("ce_id", UUID.randomUUID().toString(), "ce_type", MessageTypes.JOB_FINISHED));

		assertThat(deadLettered(key)).isTrue();
		assertThat(this.listener.attempts(key)).isGreaterThan(2);
	}

	@Test
	void aRedeliveredMessageChangesNothing() {
		String key = "ok-" + UUID.randomUUID();
		String id = UUID.randomUUID().toString();
		TestMessages.produce(TOPIC, key, jobFinished(), Map.of("ce_id", id, "ce_type", MessageTypes.JOB_FINISHED));
		TestMessages.produce(TOPIC, key, jobFinished(), Map.of("ce_id", id, "ce_type", MessageTypes.JOB_FINISHED));

		await().atMost(Duration.ofSeconds(30)).until(() -> this.listener.attempts(key) == 2);
		assertThat(this.listener.effects(key)).isEqualTo(1);
	}

	private static String jobFinished() {
		return "{\"jobId\":1,\"organisationId\":1,\"jobType\":\"close\",\"status\":\"succeeded\",\"extra\":true}";
	}

	private static boolean deadLettered(String key) {
		return TestMessages.read(Topics.deadLetter(TOPIC), (r) -> key.equals(r.key()), 1, Duration.ofSeconds(30))
			.size() == 1;
	}

	@TestConfiguration
	static class Listener {

		private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

		private final Map<String, AtomicInteger> effects = new ConcurrentHashMap<>();

		@Autowired
		Inbox inbox;

		@Autowired
		TransactionTemplate tx;

		@KafkaListener(id = "error-handling-test", topics = TOPIC, groupId = "error-handling-test")
		void on(ConsumerRecord<String, String> record) {
			this.attempts.computeIfAbsent(record.key(), (k) -> new AtomicInteger()).incrementAndGet();
			IncomingMessage message = IncomingMessage.of(record);
			message.as(dev.podium.contracts.JobFinished.class);
			if (record.key().startsWith("fail-")) {
				throw new IllegalStateException("this message always fails");
			}
			this.tx.executeWithoutResult((s) -> {
				if (this.inbox.firstTime("error-handling-test", message.id(), message.type())) {
					this.effects.computeIfAbsent(record.key(), (k) -> new AtomicInteger()).incrementAndGet();
				}
			});
		}

		int attempts(String key) {
			return this.attempts.getOrDefault(key, new AtomicInteger()).get();
		}

		int effects(String key) {
			return this.effects.getOrDefault(key, new AtomicInteger()).get();
		}

	}

}
