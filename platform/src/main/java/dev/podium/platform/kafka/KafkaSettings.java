package dev.podium.platform.kafka;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Topic layout and consumer retry policy.
 *
 * @param partitions partitions of each topic (bounds each worker's parallelism)
 * @param replicationFactor replicas of each topic
 * @param retryInitialInterval first back-off before a failing message is retried
 * @param retryMaxInterval longest back-off between retries
 * @param retryMaxElapsed how long a failing message is retried before it is dead-lettered
 */
@ConfigurationProperties("podium.kafka")
public record KafkaSettings(@DefaultValue("12") int partitions, @DefaultValue("1") short replicationFactor,
		@DefaultValue("200ms") Duration retryInitialInterval, @DefaultValue("10s") Duration retryMaxInterval,
		@DefaultValue("2m") Duration retryMaxElapsed) {

}
