package dev.podium.notificationworker.webhooks;

import java.util.ArrayList;
import java.util.List;

import dev.podium.contracts.Topics;
import dev.podium.platform.kafka.PoisonMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Fans each poll's subscriber events out to webhook deliveries in one statement, in its
 * own consumer group. A record that cannot be decoded is dead-lettered on its own: the
 * records before it are fanned out first, then the failure names its index.
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
			groupId = "notification-worker-webhooks", concurrency = "${podium.worker.concurrency}", batch = "true")
	void on(List<ConsumerRecord<String, String>> records) {
		List<WebhookEvent> events = new ArrayList<>(records.size());
		for (int i = 0; i < records.size(); i++) {
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
