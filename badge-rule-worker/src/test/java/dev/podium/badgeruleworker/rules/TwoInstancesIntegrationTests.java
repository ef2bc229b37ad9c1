package dev.podium.badgeruleworker.rules;

import java.util.ArrayList;
import java.util.List;

import dev.podium.badgeruleworker.BadgeRuleWorkerApplication;
import dev.podium.contracts.ActivityRecorded;
import dev.podium.contracts.Topics;
import dev.podium.platform.testing.RealInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of the worker in one consumer group share the partitions; every
 * participant who qualifies is granted once, whichever instance evaluated it, and so is a
 * site whose activities arrive on different partitions (keyed by their users).
 */
class TwoInstancesIntegrationTests extends RuleWorkerTestSupport {

	private static final String POINTS_LISTENER = "badge-rule-worker-participant-events";

	private static final String ACTIVITY_LISTENER = "badge-rule-worker-activities";

	@Autowired
	KafkaListenerEndpointRegistry registry;

	@Test
	void twoInstancesShareThePartitionsAndGrantEachParticipantOnce() {
		List<String> args = new ArrayList<>();
		RealInfrastructure.properties().forEach((key, value) -> args.add("--" + key + "=" + value));
		args.addAll(List.of("--spring.main.web-application-type=none", "--podium.relay.enabled=false",
				"--spring.flyway.enabled=false", "--podium.worker.concurrency=1", "--spring.main.banner-mode=off"));
		try (ConfigurableApplicationContext second = BadgeRuleWorkerApplication.builder()
			.run(args.toArray(String[]::new))) {
			KafkaListenerEndpointRegistry secondRegistry = second.getBean(KafkaListenerEndpointRegistry.class);
			await().atMost(DEADLINE).untilAsserted(() -> {
				for (String listener : List.of(POINTS_LISTENER, ACTIVITY_LISTENER)) {
					assertThat(assigned(this.registry, listener)).as("first instance, " + listener).isPositive();
					assertThat(assigned(secondRegistry, listener)).as("second instance, " + listener).isPositive();
				}
			});
			long badge = badge(this.organisation, "Shared");
			long siteBadge = badge(this.organisation, "Busy site");
			rule(this.organisation, badge, RuleStatements.LIFETIME_POINTS, 100, null);
			rule(this.organisation, siteBadge, RuleStatements.ACTIVITY_COUNT, 40, "session");

			List<String> expected = new ArrayList<>();
			for (long user = 1; user <= 40; user++) {
				points(this.organisation, 2, user, 60);
				points(this.organisation, 2, user, 40);
				expected.add("2:" + user);
				send(activityEvent(this.organisation, "site-" + user, at("2026-11-01T10:00:00Z"),
						new ActivityRecorded.Participants(9L, null, user, null), "session"));
			}
			awaitConsumed(Topics.PARTICIPANT_EVENTS);
			awaitConsumed(Topics.ACTIVITIES);

			assertThat(granted(this.organisation, badge)).containsExactlyInAnyOrderElementsOf(expected);
			assertThat(granted(this.organisation, siteBadge)).as("the site's 40th session, on whichever instance")
				.containsExactly("0:9");
			assertThat(this.jdbc.sql("select count(*) from notification where organisation_id = :o")
				.param("o", this.organisation)
				.query(Long.class)
				.single()).isEqualTo(41);
		}
	}

	private static int assigned(KafkaListenerEndpointRegistry registry, String listener) {
		MessageListenerContainer container = registry.getListenerContainer(listener);
		if (container == null || container.getAssignedPartitions() == null) {
			return 0;
		}
		return container.getAssignedPartitions().size();
	}

}
