package dev.podium.platform.config;

import java.time.Duration;

import dev.podium.platform.health.KafkaHealth;
import dev.podium.platform.health.PostgresHealth;
import dev.podium.platform.job.Jobs;
import dev.podium.platform.metrics.JobMetrics;
import dev.podium.platform.metrics.RelaySlotMetrics;
import dev.podium.platform.relay.RelaySettings;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * What operators watch: the readiness checks of PostgreSQL and Kafka, the job meters, the
 * relay's replication slot (where this app may relay).
 */
@AutoConfiguration(after = PlatformAutoConfiguration.class)
public class OperationsAutoConfiguration {

	/** PostgreSQL reachable: part of the readiness group. */
	@Bean
	PostgresHealth postgresHealthIndicator(DataSourceProperties dataSource,
			@Value("${podium.health.timeout:2s}") Duration timeout) {
		return new PostgresHealth(dataSource.determineUrl(), dataSource.determineUsername(),
				dataSource.determinePassword(), timeout);
	}

	/** Kafka reachable: part of the readiness group. */
	@Bean
	@ConditionalOnBean(KafkaAdmin.class)
	KafkaHealth kafkaHealthIndicator(KafkaAdmin admin, @Value("${podium.health.timeout:2s}") Duration timeout) {
		return new KafkaHealth(admin.getConfigurationProperties(), timeout);
	}

	/**
	 * Kafka consumers on platform threads, not virtual ones. While the broker is
	 * unreachable, Kafka's consumer polls in a busy loop; on virtual threads a few such
	 * consumers occupy every carrier thread (one per core) and nothing else runs: the
	 * health and metrics endpoints stopped answering in a close-worker whose Kafka was
	 * away. Platform threads are preempted, so the app keeps answering.
	 */
	@Bean
	static BeanPostProcessor kafkaConsumersOnPlatformThreads() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String name) {
				if (bean instanceof AbstractKafkaListenerContainerFactory<?, ?, ?> factory) {
					factory.getContainerProperties().setListenerTaskExecutor(new SimpleAsyncTaskExecutor("kafka-"));
				}
				return bean;
			}
		};
	}

	@Bean
	JobMetrics jobMetrics(Jobs jobs, MeterRegistry meters) {
		return JobMetrics.bind(jobs, meters);
	}

	@Bean
	@ConditionalOnProperty(name = "podium.relay.enabled", havingValue = "true", matchIfMissing = true)
	RelaySlotMetrics relaySlotMetrics(JdbcClient jdbc, RelaySettings settings, MeterRegistry meters,
			@Value("${podium.relay.slot-metrics-interval:5s}") Duration interval) {
		return new RelaySlotMetrics(jdbc, settings.slotName(), interval, meters);
	}

}
