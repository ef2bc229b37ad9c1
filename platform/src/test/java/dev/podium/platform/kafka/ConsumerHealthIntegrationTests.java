package dev.podium.platform.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.podium.contracts.MessageTypes;
import dev.podium.contracts.Topics;
import dev.podium.platform.PlatformTestApplication;
import dev.podium.platform.testing.TestMessages;
import dev.podium.platform.testing.RealInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(classes = { PlatformTestApplication.class, ConsumerHealthIntegrationTests.DyingListener.class },
		properties = "podium.relay.enabled=false")
@ContextConfiguration(initializers = RealInfrastructure.class)
class ConsumerHealthIntegrationTests {

	@Autowired
	ConsumerHealth health;

	@Test
	void healthIsDownOnceAConsumerDied() {
		assertThat(this.health.health(true).getStatus()).isEqualTo(Status.UP);

		TestMessages.produce(Topics.CHALLENGE_EVENTS, "die-" + UUID.randomUUID(), "{}",
				Map.of("ce_id", UUID.randomUUID().toString(), "ce_type", MessageTypes.CHALLENGE_CLOSED));

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.health.health(true).getStatus()).isEqualTo(Status.DOWN));
	}

	@TestConfiguration
	static class DyingListener {

		@KafkaListener(id = "dying-test", topics = Topics.CHALLENGE_EVENTS, groupId = "dying-test")
		void on(ConsumerRecord<String, String> record) {
			if (record.key() != null && record.key().startsWith("die-")) {
				throw new OutOfMemoryError("simulated: the consumer thread dies");
			}
		}

	}

}
