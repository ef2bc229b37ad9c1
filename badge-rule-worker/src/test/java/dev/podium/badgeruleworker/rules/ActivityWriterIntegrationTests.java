package dev.podium.badgeruleworker.rules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import dev.podium.contracts.Topics;
import dev.podium.platform.activity.Activities;
import dev.podium.platform.testing.RealInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.listener.BatchListenerFailedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The close-worker writes the activities; this worker counts them once it has (its
 * consumer group's committed offsets say so) and writes them itself only when the
 * close-worker has no running consumers or does not get there within
 * {@code podium.rules.activity-writer-wait}. A consumer of the tests' own stands in for
 * the close-worker: it joins the close-worker's group, writes the polls it is given as
 * the close-worker does ({@link Activities#handlePoll}) and commits.
 */
class ActivityWriterIntegrationTests extends RuleWorkerTestSupport {

	@Autowired
	Activities activities;

	@Test
	void whileTheCloseWorkerRunsTheActivitiesAreCountedOnceItHasWrittenThemAndWrittenByItOnly() throws Exception {
		long badge = badge(this.organisation, "Two sessions");
		rule(this.organisation, badge, RuleStatements.ACTIVITY_COUNT, 2, "session");
		try (Writer writer = new Writer((id) -> !"left-out".equals(id), true)) {
			// Held by the writer: not counted while they are not rows.
			writer.hold();
			send(activityEvent(this.organisation, "first", at("2026-11-01T10:00:00Z"), user(1), "session"));
			send(activityEvent(this.organisation, "second", at("2026-11-02T10:00:00Z"), user(1), "session"));
			// An activity the close-worker does not write (as one of an organisation it
			// does not know): this worker does not write it either.
			send(activityEvent(this.organisation, "left-out", at("2026-11-03T10:00:00Z"), user(2), "session"));
			await().atMost(DEADLINE).untilTrue(writer.holding);
			await().during(Duration.ofMillis(500))
				.atMost(DEADLINE)
				.untilAsserted(() -> assertThat(granted(this.organisation, badge)).isEmpty());
			assertThat(ids(this.organisation)).isEmpty();
			writer.release();
			awaitGranted(this.organisation, badge, "2:1");
			awaitConsumed(Topics.ACTIVITIES);
		}
		assertThat(ids(this.organisation)).containsExactlyInAnyOrder("first", "second");
	}

	@Test
	void aCloseWorkerThatDoesNotGetThereInTimeIsNotWaitedForLonger() throws Exception {
		long badge = badge(this.organisation, "One session");
		rule(this.organisation, badge, RuleStatements.ACTIVITY_COUNT, 1, "session");
		// A member of the close-worker's group that writes nothing and never commits:
		// this worker writes the activity itself after podium.rules.activity-writer-wait.
		try (Writer writer = new Writer((id) -> false, false)) {
			send(activityEvent(this.organisation, "late", at("2026-11-01T10:00:00Z"), user(3), "session"));
			awaitGranted(this.organisation, badge, "2:3");
			assertThat(ids(this.organisation)).containsExactly("late");
		}
	}

	private List<String> ids(long organisation) {
		return this.jdbc.sql("select id from activity where organisation_id = :o")
			.param("o", organisation)
			.query(String.class)
			.list();
	}

	/**
	 * A member of the close-worker's consumer group that writes the activities of each
	 * poll whose ids it is told to, and commits the poll (or never commits).
	 */
	private final class Writer implements AutoCloseable {

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final AtomicBoolean held = new AtomicBoolean();

		/** Whether the writer has a poll it holds back until {@link #release}. */
		final AtomicBoolean holding = new AtomicBoolean();

		private final Thread thread;

		Writer(Predicate<String> writes, boolean commits) {
			Properties props = new Properties();
			props.put("bootstrap.servers", RealInfrastructure.bootstrapServers());
			props.put("group.id", "close-worker");
			props.put("group.protocol", "consumer");
			props.put("enable.auto.commit", "false");
			props.put("auto.offset.reset", "earliest");
			props.put("key.deserializer", StringDeserializer.class.getName());
			props.put("value.deserializer", StringDeserializer.class.getName());
			AtomicBoolean assigned = new AtomicBoolean();
			this.thread = Thread.ofPlatform().name("close-worker-stand-in").start(() -> {
				try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
					consumer.subscribe(List.of(Topics.ACTIVITIES));
					while (this.running.get()) {
						ConsumerRecords<String, String> polled = consumer.poll(Duration.ofMillis(100));
						assigned.compareAndSet(false, !consumer.assignment().isEmpty());
						if (polled.isEmpty()) {
							continue;
						}
						if (this.held.get()) {
							this.holding.set(true);
							await().atMost(DEADLINE).untilFalse(this.held);
						}
						List<ConsumerRecord<String, String>> records = new ArrayList<>();
						polled.forEach(records::add);
						try {
							Activities.handlePoll(records, (batch) -> ActivityWriterIntegrationTests.this.activities
								.persist(batch.stream().filter((a) -> writes.test(a.id())).toList()));
						}
						catch (BatchListenerFailedException ex) {
							// Another test's poison record, read again from the topic's
							// start:
							// skipped as the close-worker's error handler would.
						}
						if (commits) {
							consumer.commitSync();
						}
					}
				}
			});
			await().atMost(DEADLINE).untilTrue(assigned);
		}

		/**
		 * Holds back the next polls, unwritten and uncommitted, until {@link #release}.
		 */
		void hold() {
			this.held.set(true);
		}

		void release() {
			this.held.set(false);
		}

		@Override
		public void close() throws InterruptedException {
			this.running.set(false);
			this.thread.join();
		}

	}

}
