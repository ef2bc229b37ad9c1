package dev.podium.platform.config;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import dev.podium.contracts.Topics;
import dev.podium.platform.activity.Activities;
import dev.podium.platform.inbox.ChallengeCloseReceipts;
import dev.podium.platform.inbox.Inbox;
import dev.podium.platform.job.Jobs;
import dev.podium.platform.kafka.ConsumerHealth;
import dev.podium.platform.kafka.DeadLetters;
import dev.podium.platform.kafka.KafkaSettings;
import dev.podium.platform.kafka.PoisonMessage;
import dev.podium.platform.organisation.Organisations;
import dev.podium.platform.outbox.CommandShortcut;
import dev.podium.platform.outbox.Outbox;
import dev.podium.platform.relay.OutboxRelay;
import dev.podium.platform.results.ResultsSnapshot;
import dev.podium.platform.relay.RelaySettings;
import dev.podium.platform.security.ApiTokens;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.ExponentialBackOff;
import tools.jackson.databind.json.JsonMapper;

/**
 * The beans every Podium app shares.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
		"org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration" })
@EnableConfigurationProperties({ RelaySettings.class, KafkaSettings.class })
public class PlatformAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	Outbox outbox(JdbcClient jdbc, JsonMapper json, Clock clock, ObjectProvider<CommandShortcut> shortcut) {
		return new Outbox(jdbc, json, clock, shortcut.getIfAvailable());
	}

	/**
	 * Commands that may go to Kafka straight after their commit as well as through the
	 * relay do ({@code PODIUM_COMMAND_SHORTCUT=false}: through the relay only).
	 */
	@Bean
	@ConditionalOnBean(KafkaTemplate.class)
	@ConditionalOnProperty(name = "podium.commands.shortcut", havingValue = "true", matchIfMissing = true)
	CommandShortcut commandShortcut(KafkaTemplate<String, String> kafka, MeterRegistry meters) {
		return new CommandShortcut(kafka, 1_000, meters);
	}

	@Bean
	Inbox inbox(JdbcClient jdbc) {
		return new Inbox(jdbc);
	}

	@Bean
	ChallengeCloseReceipts challengeCloseReceipts(JdbcClient jdbc) {
		return new ChallengeCloseReceipts(jdbc);
	}

	@Bean
	Activities activities(JdbcClient jdbc, JsonMapper json) {
		return new Activities(jdbc, json);
	}

	@Bean
	ResultsSnapshot resultsSnapshot(JdbcClient jdbc) {
		return new ResultsSnapshot(jdbc);
	}

	@Bean
	Jobs jobs(JdbcClient jdbc, Outbox outbox, JsonMapper json, Clock clock) {
		return new Jobs(jdbc, outbox, json, clock);
	}

	@Bean
	ApiTokens apiTokens(JdbcClient jdbc) {
		return new ApiTokens(jdbc);
	}

	@Bean
	Organisations organisations(JdbcClient jdbc) {
		return new Organisations(jdbc);
	}

	@Bean
	KafkaAdmin.NewTopics podiumTopics(KafkaSettings settings) {
		List<NewTopic> topics = new ArrayList<>();
		for (String topic : Topics.ALL) {
			topics.add(new NewTopic(topic, settings.partitions(), settings.replicationFactor()));
			topics.add(new NewTopic(Topics.deadLetter(topic), settings.partitions(), settings.replicationFactor()));
		}
		return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
	}

	/**
	 * A poison message goes to its topic's dead-letter topic at once; any other failure
	 * is retried with exponential back-off and then dead-lettered.
	 */
	@Bean
	DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<?, ?> template, KafkaSettings settings, Jobs jobs,
			TransactionTemplate tx, JsonMapper json, MeterRegistry meters) {
		DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(template,
				(record, ex) -> new TopicPartition(Topics.deadLetter(record.topic()), record.partition()));
		DeadLetters recoverer = DeadLetters.of(publisher, jobs, tx, json, meters);
		ExponentialBackOff backOff = new ExponentialBackOff(settings.retryInitialInterval().toMillis(), 2.0);
		backOff.setMaxInterval(settings.retryMaxInterval().toMillis());
		backOff.setMaxElapsedTime(settings.retryMaxElapsed().toMillis());
		DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
		// A malformed message, a statement the database cannot parse or data it refuses
		// fail the same way
		// every time: dead-letter them at once (a command's job fails with it).
		// Everything else,
		// including a lost connection, is retried.
		handler.addNotRetryableExceptions(PoisonMessage.class, BadSqlGrammarException.class,
				DataIntegrityViolationException.class);
		return handler;
	}

	@Bean
	@ConditionalOnBean(KafkaListenerEndpointRegistry.class)
	ConsumerHealth kafkaConsumersHealthIndicator(KafkaListenerEndpointRegistry registry) {
		return new ConsumerHealth(registry);
	}

	@Bean
	@ConditionalOnProperty(name = "podium.relay.enabled", havingValue = "true", matchIfMissing = true)
	OutboxRelay outboxRelay(RelaySettings settings, DataSourceProperties dataSource, KafkaProperties kafka,
			MeterRegistry meters) {
		return new OutboxRelay(settings, dataSource.determineUrl(), dataSource.determineUsername(),
				dataSource.determinePassword(), kafka.buildProducerProperties(), meters);
	}

}
