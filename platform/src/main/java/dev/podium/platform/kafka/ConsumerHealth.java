package dev.podium.platform.kafka;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.event.ConsumerStoppedEvent;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * DOWN when a listener container's consumer died (stopped for any reason but an orderly
 * stop) or a container that should run is not running.
 */
public class ConsumerHealth extends AbstractHealthIndicator {

	private final KafkaListenerEndpointRegistry registry;

	private final Map<String, String> died = new ConcurrentHashMap<>();

	public ConsumerHealth(KafkaListenerEndpointRegistry registry) {
		this.registry = registry;
	}

	@EventListener
	void on(ConsumerStoppedEvent event) {
		if (event.getReason() != ConsumerStoppedEvent.Reason.NORMAL) {
			Object source = event.getSource();
			String name = (source instanceof MessageListenerContainer c) ? c.getListenerId() : String.valueOf(source);
			this.died.put(String.valueOf(name), event.getReason().name());
		}
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean up = this.died.isEmpty();
		for (MessageListenerContainer container : this.registry.getListenerContainers()) {
			boolean running = container.isRunning();
			builder.withDetail(container.getListenerId(), running ? "running" : "stopped");
			if (container.isAutoStartup() && !running) {
				up = false;
			}
		}
		if (!this.died.isEmpty()) {
			builder.withDetail("died", Map.copyOf(this.died));
		}
		if (up) {
			builder.up();
		}
		else {
			builder.down();
		}
	}

}
