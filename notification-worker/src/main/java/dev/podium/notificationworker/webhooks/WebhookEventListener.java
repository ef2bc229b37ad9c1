package dev.podium.notificationworker.webhooks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import dev.podium.contracts.Topics;
import dev.podium.platform.kafka.PoisonMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Fans each poll's subscriber events out to webhook deliveries in one statement, in its
 * own consumer group. Only the records of organisations with an active subscription are
 * decoded and sent to the database (one look-up per poll): a million-winner close of an
 * organisation without webhooks is skipped at the speed of reading it, so the events of
 * the organisations behind it on the same partitions are not held up (and a backlog is
 * taken up to 5,000 records a poll, each poll one look-up and one commit). A record of
 * such an organisation that cannot be decoded is dead-lettered on its own: the records
 * before it are fanned out first, then the failure names its index.
 */
@Component
class WebhookEventListener {

	private final DeliveryQueue queue;

	private final Dispatcher dispatcher;

	WebhookEventListener(DeliveryQueue queue, Dispatcher dispatcher) {
		this.queue = queue;
		this.dispatcher = dispatcher;
	}

	@KafkaListener(id = "notification-worker-webhooks",
			topics = { Topics.PARTICIPANT_EVENTS, Topics.CHALLENGE_EVENTS, Topics.JOB_EVENTS },
			groupId = "notification-worker-webhooks", concurrency = "${podium.worker.concurrency}", batch = "true",
			properties = "max.poll.records=${podium.webhooks.max-batch:5000}")
	void on(List<ConsumerRecord<String, String>> records) {
		Long[] organisations = records.stream().map(WebhookEvent::sourceOrganisation).toArray(Long[]::new);
		Set<Long> subscribed = this.queue
			.subscribed(Arrays.stream(organisations).filter(Objects::nonNull).distinct().toList());
		List<WebhookEvent> events = new ArrayList<>();
		for (int i = 0; i < records.size(); i++) {
			if (organisations[i] != null && !subscribed.contains(organisations[i])) {
				continue;
			}
			try {
				events.add(WebhookEvent.of(records.get(i)));
			}
			catch (PoisonMessage ex) {
				fanOut(events);
				throw new BatchListenerFailedException(ex.getMessage(), ex, i);
			}
		}
		fanOut(events);
	}

	private void fanOut(List<WebhookEvent> events) {
		if (this.queue.fanOut(events) > 0) {
			this.dispatcher.wake();
		}
	}

}
