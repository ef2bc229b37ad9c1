package dev.podium.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Waits until every consumer group of the running apps has all its members and each
 * member holds its target assignment. Until then a partition that is moving between
 * members is consumed by nobody for up to a heartbeat interval (5 s by default with the
 * {@code consumer} group protocol), which a latency benchmark started right after the
 * apps would measure as multi-second stalls of a third of its requests.
 */
final class SettledConsumerGroups {

	private SettledConsumerGroups() {
	}

	static void await(List<ConfigurableApplicationContext> apps, String bootstrapServers, Duration timeout) {
		Map<String, Integer> expectedMembers = new TreeMap<>();
		for (ConfigurableApplicationContext app : apps) {
			for (KafkaListenerEndpointRegistry registry : app.getBeansOfType(KafkaListenerEndpointRegistry.class)
				.values()) {
				for (MessageListenerContainer container : registry.getListenerContainers()) {
					if (container.isRunning()) {
						int members = (container instanceof ConcurrentMessageListenerContainer<?, ?> concurrent)
								? concurrent.getConcurrency() : 1;
						expectedMembers.merge(container.getGroupId(), members, Integer::sum);
					}
				}
			}
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
			while (true) {
				List<String> unsettled = new ArrayList<>();
				Map<String, ConsumerGroupDescription> groups = admin.describeConsumerGroups(expectedMembers.keySet())
					.all()
					.get();
				expectedMembers.forEach((group, members) -> {
					ConsumerGroupDescription description = groups.get(group);
					if (!settled(description, members)) {
						unsettled.add(group + " (" + description.groupState() + ", " + description.members().size()
								+ " of " + members + " members)");
					}
				});
				if (unsettled.isEmpty()) {
					return;
				}
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException(
							"Consumer groups did not settle within " + timeout + ": " + unsettled);
				}
				Thread.sleep(250);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
	}

	private static boolean settled(ConsumerGroupDescription group, int members) {
		return group.groupState() == GroupState.STABLE && group.members().size() == members
				&& (group.type() == GroupType.CLASSIC
						|| group.members().stream().allMatch(SettledConsumerGroups::onTarget));
	}

	private static boolean onTarget(MemberDescription member) {
		return member.targetAssignment()
			.map((target) -> target.topicPartitions().equals(member.assignment().topicPartitions()))
			.orElse(false);
	}

}
