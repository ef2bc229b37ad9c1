package dev.podium.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The fault suite's hold on a {@link ProcessStack}: two instances of every app, which
 * instance is up, {@code kill -9} and restart in the background, the relay leader, and
 * the Kafka reads the checks need (consumer lag, whole topics, raw produce).
 */
final class FaultStack implements AutoCloseable {

	static final List<String> WORKERS = List.of("close-worker", "badge-rule-worker", "notification-worker");

	static final List<String> GROUPS = List.of("close-worker", "badge-rule-worker", "notification-worker",
			"notification-worker-webhooks");

	final ProcessStack stack;

	private final Set<String> up = ConcurrentHashMap.newKeySet();

	private final List<Future<?>> restarts = new ArrayList<>();

	private final ExecutorService background = Executors.newCachedThreadPool();

	private final Admin admin;

	FaultStack(ProcessStack stack) {
		this.stack = stack;
		Properties props = new Properties();
		props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
		props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000);
		props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
		this.admin = Admin.create(props);
	}

	/**
	 * PostgreSQL, Kafka, two edges (both may relay) and two instances of each worker.
	 */
	void up() {
		this.stack.up();
		List<Future<?>> started = new ArrayList<>();
		started.add(this.background.submit(() -> this.stack.start("api-edge", 2, Map.of())));
		for (String worker : WORKERS) {
			started.add(this.background.submit(() -> this.stack.start(worker, 2, Map.of())));
		}
		started.forEach(FaultStack::join);
		for (String app : ProcessStack.APPS) {
			this.up.add(app + ".1");
			this.up.add(app + ".2");
		}
	}

	boolean isUp(String id) {
		return this.up.contains(id);
	}

	/** The instances of an app that are up (not being restarted). */
	List<String> upInstances(String app) {
		List<String> ids = new ArrayList<>();
		for (int n = 1; n <= 2; n++) {
			if (this.up.contains(app + "." + n)) {
				ids.add(app + "." + n);
			}
		}
		return ids;
	}

	/** SIGKILL, then a restart in the background (retried until it is ready). */
	void killAndRestart(String id, Consumer<String> progress) {
		this.up.remove(id);
		this.stack.stop(id, true);
		synchronized (this.restarts) {
			this.restarts.add(this.background.submit(() -> restart(id, progress)));
		}
	}

	void restart(String id, Consumer<String> progress) {
		String app = id.substring(0, id.lastIndexOf('.'));
		int instance = Integer.parseInt(id.substring(id.lastIndexOf('.') + 1));
		long t0 = System.nanoTime();
		for (int attempt = 1;; attempt++) {
			try {
				this.stack.start(app, instance, Map.of());
				this.up.add(id);
				progress.accept(String.format("%s restarted and ready in %.0f s", id, (System.nanoTime() - t0) / 1e9));
				return;
			}
			catch (RuntimeException ex) {
				if (attempt >= 10) {
					throw ex;
				}
				progress.accept(id + " did not start (attempt " + attempt + "), retrying: " + firstLine(ex));
				this.stack.stop(id, true);
				sleep(Duration.ofSeconds(3));
			}
		}
	}

	/** Waits for every restart in flight; every instance is up again. */
	void awaitRestarts() {
		List<Future<?>> pending;
		synchronized (this.restarts) {
			pending = new ArrayList<>(this.restarts);
			this.restarts.clear();
		}
		pending.forEach(FaultStack::join);
	}

	/**
	 * The edge holding the replication slot: PostgreSQL names the slot's walsender and
	 * its client port; the edge is the process with that socket open. Null if no instance
	 * holds the slot (or PostgreSQL does not answer).
	 */
	String relayLeader() {
		Integer port;
		try {
			port = JdbcClient.create(this.stack.dataSource()).sql("""
					select a.client_port from pg_replication_slots s join pg_stat_activity a on a.pid = s.active_pid
					where s.slot_name = 'podium_outbox'
					""").query(Integer.class).optional().orElse(null);
		}
		catch (RuntimeException ex) {
			return null;
		}
		if (port == null) {
			return null;
		}
		Set<String> sockets = new HashSet<>();
		for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
			try {
				for (String line : Files.readAllLines(Path.of(table))) {
					String[] fields = line.strip().split("\\s+");
					if (fields.length > 9 && fields[1].endsWith(String.format(":%04X", port))) {
						sockets.add("socket:[" + fields[9] + "]");
					}
				}
			}
			catch (IOException ex) {
				// no IPv6 table
			}
		}
		for (int n = 1; n <= 2; n++) {
			String id = "api-edge." + n;
			if (!this.up.contains(id)) {
				continue;
			}
			try (var fds = Files.list(Path.of("/proc", Long.toString(this.stack.pid(id)), "fd"))) {
				if (fds.anyMatch((fd) -> {
					try {
						return sockets.contains(Files.readSymbolicLink(fd).toString());
					}
					catch (IOException ex) {
						return false;
					}
				})) {
					return id;
				}
			}
			catch (IOException | RuntimeException ex) {
				// gone
			}
		}
		return null;
	}

	/**
	 * Messages the consumer groups have yet to commit, over the partitions they committed
	 * on; -1 if Kafka does not answer.
	 */
	long lag() {
		try {
			long lag = 0;
			for (String group : GROUPS) {
				Map<TopicPartition, OffsetAndMetadata> committed = this.admin.listConsumerGroupOffsets(group)
					.partitionsToOffsetAndMetadata()
					.get(10, TimeUnit.SECONDS);
				Map<TopicPartition, OffsetSpec> request = new HashMap<>();
				committed.keySet().forEach((tp) -> request.put(tp, OffsetSpec.latest()));
				var ends = this.admin.listOffsets(request).all().get(10, TimeUnit.SECONDS);
				for (var e : committed.entrySet()) {
					if (e.getValue() != null) {
						lag += Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset());
					}
				}
			}
			return lag;
		}
		catch (Exception ex) {
			return -1;
		}
	}

	/** Every record of a topic from the beginning up to its current end. */
	List<ConsumerRecord<String, String>> readAll(String topic) {
		Properties props = new Properties();
		props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.stack.bootstrapServers());
		props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
		props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
		props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
		List<ConsumerRecord<String, String>> records = new ArrayList<>();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30))
				.stream()
				.map((p) -> new TopicPartition(topic, p.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
			long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
			while (partitions.stream().anyMatch((tp) -> consumer.position(tp) < ends.get(tp))) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("could not read " + topic + " to its end");
				}
				consumer.poll(Duration.ofMillis(500)).forEach(records::add);
			}
		}
		return records;
	}

	/** Sends raw records (any bytes) to a topic, waiting for the acknowledgements. */
	void produceRaw(String topic, List<RawRecord> records) {
		Properties props = new Properties();
		props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.stack.bootstrapServers());
		props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
		props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
			List<Future<?>> sent = new ArrayList<>();
			for (RawRecord r : records) {
				ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, r.key(), r.value());
				r.headers().forEach((name, v) -> record.headers().add(name, v.getBytes(StandardCharsets.UTF_8)));
				sent.add(producer.send(record));
			}
			for (Future<?> f : sent) {
				f.get(60, TimeUnit.SECONDS);
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not produce to " + topic, ex);
		}
	}

	@Override
	public void close() {
		try {
			awaitRestarts();
		}
		catch (RuntimeException ex) {
			// stopping anyway
		}
		this.admin.close(Duration.ofSeconds(5));
		this.background.shutdownNow();
		this.stack.close();
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static void join(Future<?> future) {
		try {
			future.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
	}

	static String firstLine(Throwable ex) {
		String text = String.valueOf(ex.getMessage());
		int nl = text.indexOf('\n');
		return (nl < 0) ? text : text.substring(0, nl);
	}

	/** A record of any bytes. */
	record RawRecord(String key, byte[] value, Map<String, String> headers) {

	}

}
