package dev.podium.platform.kafka;

import dev.podium.contracts.Topics;
import dev.podium.platform.error.ApiError;
import dev.podium.platform.job.Jobs;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes a message that cannot be handled to its dead-letter topic; a dead-lettered
 * command also fails its job, so that no client waits for a job that will never end.
 */
public final class DeadLetters implements ConsumerRecordRecoverer {

	private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

	private final DeadLetterPublishingRecoverer publisher;

	private final Jobs jobs;

	private final TransactionTemplate tx;

	private final JsonMapper json;

	private final MeterRegistry meters;

	public static DeadLetters of(DeadLetterPublishingRecoverer publisher, Jobs jobs, TransactionTemplate tx,
			JsonMapper json) {
		return of(publisher, jobs, tx, json, Metrics.globalRegistry);
	}

	/**
	 * As
	 * {@link #of(DeadLetterPublishingRecoverer, Jobs, TransactionTemplate, JsonMapper)},
	 * counting into {@code meters}.
	 */
	public static DeadLetters of(DeadLetterPublishingRecoverer publisher, Jobs jobs, TransactionTemplate tx,
			JsonMapper json, MeterRegistry meters) {
		return new DeadLetters(publisher, jobs, tx, json, meters);
	}

	private DeadLetters(DeadLetterPublishingRecoverer publisher, Jobs jobs, TransactionTemplate tx, JsonMapper json,
			MeterRegistry meters) {
		this.publisher = publisher;
		this.jobs = jobs;
		this.tx = tx;
		this.json = json;
		this.meters = meters;
		// Every source topic's counter exists from the start at 0, so that an alert on
		// its
		// increase sees the first dead letter too.
		Topics.ALL.forEach(this::counter);
	}

	/** Messages of {@code topic} sent to its dead-letter topic by this instance. */
	public Counter counter(String topic) {
		return Counter.builder("podium.dead.letters")
			.description("Messages sent to their topic's dead-letter topic")
			.tag("topic", topic)
			.register(this.meters);
	}

	@Override
	public void accept(ConsumerRecord<?, ?> record, Exception ex) {
		log.error("Dead-lettering {}-{}@{} (key {}): {}", record.topic(), record.partition(), record.offset(),
				record.key(), rootMessage(ex));
		this.publisher.accept(record, ex);
		counter(record.topic()).increment();
		boolean command = Topics.COMMANDS.equals(record.topic()) || Topics.BULK_COMMANDS.equals(record.topic())
				|| Topics.RULE_COMMANDS.equals(record.topic());
		if (command && record.value() instanceof String body) {
			failJob(body);
		}
	}

	private void failJob(String body) {
		try {
			JsonNode jobId = this.json.readTree(body).get("jobId");
			if (jobId != null && jobId.canConvertToLong()) {
				this.tx.executeWithoutResult((status) -> this.jobs.fail(jobId.asLong(), ApiError.INTERNAL));
			}
		}
		catch (RuntimeException ex) {
			// A body that does not parse names no job.
			log.debug("Dead-lettered command names no job", ex);
		}
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return root.getClass().getSimpleName() + ": " + root.getMessage();
	}

}
