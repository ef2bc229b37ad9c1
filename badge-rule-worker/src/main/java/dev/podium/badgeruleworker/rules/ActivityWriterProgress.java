package dev.podium.badgeruleworker.rules;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * How far the activities' writer (the close-worker's consumer group) has got: it commits
 * a poll's offsets only once the poll's rows are committed, so a record below its
 * committed offset is a row (or was dropped or dead-lettered by it). Its offsets and
 * whether it has members are read from the broker at most every {@link #REFRESH}, shared
 * by this instance's consumer threads.
 */
@Component
@EnableConfigurationProperties(RuleSettings.class)
class ActivityWriterProgress implements DisposableBean {

	static final Duration REFRESH = Duration.ofMillis(100);

	private static final Logger log = LoggerFactory.getLogger(ActivityWriterProgress.class);

	private final Admin admin;

	private final RuleSettings settings;

	/** Read at once when first asked. */
	private volatile Progress progress = new Progress(Map.of(), false, System.nanoTime() - REFRESH.toNanos());

	ActivityWriterProgress(KafkaAdmin kafka, RuleSettings settings) {
		Map<String, Object> config = new HashMap<>(kafka.getConfigurationProperties());
		config.put(AdminClientConfig.CLIENT_ID_CONFIG, "badge-rule-worker-activity-writer");
		this.admin = Admin.create(config);
		this.settings = settings;
	}

	/**
	 * Waits until the writer has written every record of the poll, while it runs and for
	 * at most {@code podium.rules.activity-writer-wait}.
	 * @return true when it has, false when it has no members, cannot be read, or did not
	 * get there in time (the caller then writes the rows itself)
	 */
	boolean awaitWritten(List<? extends ConsumerRecord<?, ?>> records) throws InterruptedException {
		Map<TopicPartition, Long> needed = new HashMap<>();
		for (ConsumerRecord<?, ?> record : records) {
			needed.merge(new TopicPartition(record.topic(), record.partition()), record.offset() + 1, Math::max);
		}
		long deadline = System.nanoTime() + this.settings.activityWriterWait().toNanos();
		while (true) {
			Progress now = current();
			if (now.covers(needed)) {
				return true;
			}
			if (!now.running() || System.nanoTime() > deadline) {
				return false;
			}
			Thread.sleep(REFRESH.toMillis() / 2);
		}
	}

	private Progress current() {
		Progress known = this.progress;
		if (System.nanoTime() - known.readAt() < REFRESH.toNanos()) {
			return known;
		}
		synchronized (this) {
			if (System.nanoTime() - this.progress.readAt() >= REFRESH.toNanos()) {
				this.progress = read();
			}
			return this.progress;
		}
	}

	private Progress read() {
		String group = this.settings.activityWriter();
		long timeout = REFRESH.toMillis() * 10;
		try {
			boolean running = !this.admin.describeConsumerGroups(List.of(group))
				.describedGroups()
				.get(group)
				.get(timeout, TimeUnit.MILLISECONDS)
				.members()
				.isEmpty();
			Map<TopicPartition, Long> committed = new HashMap<>();
			Map<TopicPartition, OffsetAndMetadata> offsets = this.admin.listConsumerGroupOffsets(group)
				.partitionsToOffsetAndMetadata()
				.get(timeout, TimeUnit.MILLISECONDS);
			offsets.forEach((partition, offset) -> {
				if (offset != null) {
					committed.put(partition, offset.offset());
				}
			});
			return new Progress(committed, running, System.nanoTime());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Progress(Map.of(), false, System.nanoTime());
		}
		catch (ExecutionException ex) {
			if (!(ex.getCause() instanceof GroupIdNotFoundException)) {
				log.warn("Could not read the progress of the activities' writer {}: {}", group,
						ex.getCause().toString());
			}
			return new Progress(Map.of(), false, System.nanoTime());
		}
		catch (TimeoutException ex) {
			log.warn("Could not read the progress of the activities' writer {} within {} ms", group, timeout);
			return new Progress(Map.of(), false, System.nanoTime());
		}
	}

	@Override
	public void destroy() {
		this.admin.close(Duration.ofSeconds(1));
	}

	/**
	 * The writer's committed offsets, whether it has members, and when they were read.
	 */
	private record Progress(Map<TopicPartition, Long> committed, boolean running, long readAt) {

		boolean covers(Map<TopicPartition, Long> needed) {
			for (Map.Entry<TopicPartition, Long> partition : needed.entrySet()) {
				Long offset = this.committed.get(partition.getKey());
				if (offset == null || offset < partition.getValue()) {
					return false;
				}
			}
			return true;
		}

	}

}
