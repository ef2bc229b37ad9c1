package dev.podium.local;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.MicrometerConsumerListener;

/**
 * The workers' Kafka client meters ({@code kafka_consumer_*}, e.g. the consumer lag the
 * alerts watch) on the edge's {@code /actuator/prometheus} as well: in one JVM the edge
 * is the one port a developer knows, while each worker's own endpoint listens on a random
 * one. Separate processes need none of this: each worker is scraped on its own port. The
 * meters carry the consumer's {@code client_id} ({@code consumer-close-worker-1}), which
 * names the worker.
 */
final class ConsumerMetrics {

	private ConsumerMetrics() {
	}

	/** An initializer for a worker: its consumers' meters also go to {@code meters}. */
	static ApplicationContextInitializer<ConfigurableApplicationContext> into(MeterRegistry meters) {
		return (context) -> context.getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String name) {
				if (bean instanceof ConsumerFactory<?, ?> factory) {
					listen(factory, meters);
				}
				return bean;
			}

		});
	}

	private static <K, V> void listen(ConsumerFactory<K, V> factory, MeterRegistry meters) {
		factory.addListener(new MicrometerConsumerListener<>(meters));
	}

}
