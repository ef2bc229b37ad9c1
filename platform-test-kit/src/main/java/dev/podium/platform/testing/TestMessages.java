package dev.podium.platform.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Reads and writes the test broker as a subscriber or integrator would: plain Kafka
 * clients.
 */
public final class TestMessages {

	private TestMessages() {
	}

	/**
	 * Reads a topic from the beginning until {@code count} records match or the deadline
	 * passes.
	 */
	public static List<ConsumerRecord<String, String>> read(String topic,
			Predicate<ConsumerRecord<String, String>> match, int count, Duration deadline) {
		Properties props = new Properties();
		props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.bootstrapServers());
		props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
		props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
		props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
		List<ConsumerRecord<String, String>> found = new ArrayList<>();
		long end = System.nanoTime() + deadline.toNanos();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
			consumer.subscribe(List.of(topic));
			while (found.size() < count && System.nanoTime() < end) {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
					if (match.test(record)) {
						found.add(record);
					}
				}
			}
		}
		return found;
	}

	/**
	 * Waits until a consumer group has committed every record of a topic that exists now:
	 * whatever was produced before the call has been handled by the group.
	 */
	public static void awaitConsumed(String group, String topic, Duration deadline) {
		awaitCommitted(group, endOffsets(topic), deadline);
	}

	/**
	 * Waits until a consumer group has committed at least the given offsets (a partition
	 * whose target is 0 needs nothing).
	 */
	public static void awaitCommitted(String group, Map<TopicPartition, Long> target, Duration deadline) {
		try (Admin admin = admin()) {
			long end = System.nanoTime() + deadline.toNanos();
			while (System.nanoTime() < end) {
				Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
					.partitionsToOffsetAndMetadata()
					.get();
				boolean done = target.entrySet()
					.stream()
					.allMatch((e) -> e.getValue() == 0 || (committed.get(e.getKey()) != null
							&& committed.get(e.getKey()).offset() >= e.getValue()));
				if (done) {
					return;
				}
				Thread.sleep(50);
			}
			throw new IllegalStateException(group + " did not commit " + target + " within " + deadline);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static Admin admin() {
		Properties props = new Properties();
		props.put("bootstrap.servers", RealInfrastructure.bootstrapServers());
		return Admin.create(props);
	}

	/**
	 * How many records a topic holds over all its partitions (the sum of their end
	 * offsets).
	 */
	public static long endOffset(String topic) {
		return endOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
	}

	/** The end offset of each of a topic's partitions. */
	public static Map<TopicPartition, Long> endOffsets(String topic) {
		try (Admin admin = admin()) {
			return ends(admin, topic);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static Map<TopicPartition, Long> ends(Admin admin, String topic)
			throws ExecutionException, InterruptedException {
		Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
		admin.describeTopics(List.of(topic))
			.allTopicNames()
			.get()
			.get(topic)
			.partitions()
			.forEach((p) -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
		Map<TopicPartition, Long> ends = new HashMap<>();
		admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
		return ends;
	}

	/**
	 * Produces a consumed record again, headers and all: a redelivery as Kafka might make
	 * one.
	 */
	public static void redeliver(ConsumerRecord<String, String> record) {
		Map<String, String> headers = new HashMap<>();
		record.headers().forEach((h) -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
		produce(record.topic(), record.key(), record.value(), headers);
	}

	public static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	/**
	 * Produces one record with the given headers, as an integrator or a broken producer
	 * might.
	 */
	public static void produce(String topic, String key, String value, Map<String, String> headers) {
		Properties props = new Properties();
		props.put("bootstrap.servers", RealInfrastructure.bootstrapServers());
		props.put("key.serializer", StringSerializer.class.getName());
		props.put("value.serializer", StringSerializer.class.getName());
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
			ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
			headers.forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
			producer.send(record).get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
