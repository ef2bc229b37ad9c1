package dev.podium.platform.outbox;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Sends commands straight to Kafka once the transaction that queued them has committed,
 * ahead of the relay. The relay publishes the rows of the WAL in commit order, so a
 * command committed just after a close of a million winners would otherwise wait until
 * the relay had published that close's two million events (minutes). The outbox row stays
 * the guarantee: the relay publishes the same message later, with the same {@code ce_id},
 * and a worker runs a command only while its job moves from queued to running, so the
 * second copy is skipped. A send that fails, or finds too many sends in flight, is left
 * to the relay. Only the caller knows whether a command may overtake the ones before it
 * ({@link Outbox#addAndSendAhead}); the close-worker's commands of one challenge take it
 * only when no other job of that challenge is pending, so that they still run in the
 * order they were queued.
 */
public class CommandShortcut {

	private static final Logger log = LoggerFactory.getLogger(CommandShortcut.class);

	private final KafkaTemplate<String, String> kafka;

	private final Semaphore inFlight;

	private final Counter sent;

	private final Counter failed;

	private final Counter leftToRelay;

	/**
	 * @param kafka the producer
	 * @param maxInFlight how many sends may wait for Kafka at once before further ones
	 * are left to the relay
	 * @param meters where the outcomes are counted
	 */
	public CommandShortcut(KafkaTemplate<String, String> kafka, int maxInFlight, MeterRegistry meters) {
		this.kafka = kafka;
		this.inFlight = new Semaphore(maxInFlight);
		this.sent = outcome(meters, "sent");
		this.failed = outcome(meters, "failed");
		this.leftToRelay = outcome(meters, "left_to_relay");
	}

	private static Counter outcome(MeterRegistry meters, String outcome) {
		return Counter.builder("podium.commands.shortcut")
			.description("Commands sent straight to Kafka after their commit, by outcome (the relay sends each again)")
			.tag("outcome", outcome)
			.register(meters);
	}

	/**
	 * Sends the record once the current transaction has committed (never if it rolls
	 * back).
	 */
	void afterCommit(ProducerRecord<String, String> record) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				send(record);
			}
		});
	}

	private void send(ProducerRecord<String, String> record) {
		if (!this.inFlight.tryAcquire()) {
			this.leftToRelay.increment();
			return;
		}
		// Off the committing thread: a send can block while the producer looks up the
		// topic, and the caller (a request, a job) has nothing to wait for.
		Thread.ofVirtual().name("command-shortcut").start(() -> {
			try {
				this.kafka.send(record).whenComplete((result, ex) -> {
					this.inFlight.release();
					outcome(record, ex);
				});
			}
			catch (RuntimeException ex) {
				this.inFlight.release();
				outcome(record, ex);
			}
		});
	}

	private void outcome(ProducerRecord<String, String> record, Throwable failure) {
		if (failure == null) {
			this.sent.increment();
			return;
		}
		this.failed.increment();
		log.warn("Command {} ({}) not sent ahead of the relay, which will send it: {}", id(record), record.topic(),
				failure.toString());
	}

	private static String id(ProducerRecord<String, String> record) {
		Header header = record.headers().lastHeader("ce_id");
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : "?";
	}

}
