package dev.podium.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.podium.platform.embedded.FreePorts;
import dev.podium.platform.testing.ApiClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Podium as separate processes, run by {@code bin/podium-processes} exactly as an
 * operator runs it: PostgreSQL and Kafka as processes of their own, each app a JVM from
 * its executable jar, configured by environment variables only. Free ports and a run
 * directory of its own per instance; {@link #close()} stops everything in order.
 */
final class ProcessStack implements AutoCloseable {

	static final List<String> APPS = List.of("api-edge", "close-worker", "badge-rule-worker", "notification-worker");

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Path root = Path.of(System.getProperty("podium.root", "..")).toAbsolutePath().normalize();

	private final Path run;

	private final Map<String, String> env = new HashMap<>();

	private final int pgPort = FreePorts.find();

	private final int kafkaPort = FreePorts.find();

	private final int httpPort = freeHttpBase();

	ProcessStack(Path run, Map<String, String> settings) {
		this.run = run;
		this.env.put("PODIUM_RUN_DIR", run.toString());
		this.env.put("PODIUM_PG_PORT", Integer.toString(this.pgPort));
		this.env.put("PODIUM_KAFKA_PORT", Integer.toString(this.kafkaPort));
		this.env.put("PODIUM_HTTP_PORT", Integer.toString(this.httpPort));
		this.env.put("PODIUM_NO_BUILD", "1");
		this.env.put("PODIUM_START_TIMEOUT", "600");
		this.env.put("PODIUM_JAVA_OPTS", "-Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
		this.env.putAll(settings);
	}

	/** PostgreSQL, Kafka, the edge and the three workers, each ready. */
	void up() {
		script("up");
	}

	/** Starts one more process: {@code postgres}, {@code kafka} or an app's instance. */
	void start(String name, int instance, Map<String, String> extraEnv) {
		script(extraEnv, "start", name, Integer.toString(instance));
	}

	void start(String name) {
		script("start", name);
	}

	/**
	 * SIGTERM (or SIGKILL) and wait until it is gone; {@code id} as
	 * {@code close-worker.2}.
	 */
	String stop(String id, boolean kill) {
		return kill ? script("stop", id, "--kill") : script("stop", id);
	}

	long pid(String id) {
		try {
			return Long.parseLong(Files.readString(this.run.resolve("pids").resolve(id + ".pid")).strip());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	Path log(String id) {
		return this.run.resolve("logs").resolve(id + ".log");
	}

	String logText(String id) {
		try {
			return Files.readString(log(id), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	int port(String app, int instance) {
		return this.httpPort + APPS.indexOf(app) + 10 * (instance - 1);
	}

	String url(String app, int instance) {
		return "http://127.0.0.1:" + port(app, instance);
	}

	ApiClient api() {
		return new ApiClient(url("api-edge", 1));
	}

	String jdbcUrl() {
		return "jdbc:postgresql://127.0.0.1:" + this.pgPort + "/podium";
	}

	int pgPort() {
		return this.pgPort;
	}

	String bootstrapServers() {
		return "127.0.0.1:" + this.kafkaPort;
	}

	DataSource dataSource() {
		PGSimpleDataSource ds = new PGSimpleDataSource();
		ds.setUrl(jdbcUrl());
		ds.setUser("postgres");
		ds.setPassword("postgres");
		return ds;
	}

	/** Sends one record to a topic, waiting for the broker's acknowledgement. */
	void produce(String topic, String key, String value, Map<String, String> headers) {
		produce(topic, List.of(new Record(key, value, headers)));
	}

	/** Sends records to a topic in one go, waiting for the broker's acknowledgements. */
	void produce(String topic, List<Record> records) {
		Properties props = new Properties();
		props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
		props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
		props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
		props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
			List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
			for (Record r : records) {
				ProducerRecord<String, String> record = new ProducerRecord<>(topic, r.key(), r.value());
				r.headers().forEach((name, v) -> record.headers().add(name, v.getBytes(StandardCharsets.UTF_8)));
				sent.add(producer.send(record));
			}
			for (java.util.concurrent.Future<?> f : sent) {
				f.get(30, TimeUnit.SECONDS);
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not produce to " + topic, ex);
		}
	}

	/** The sum of a topic's end offsets over its partitions. */
	long endOffsets(String topic) {
		Properties props = new Properties();
		props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
		try (Admin admin = Admin.create(props)) {
			var partitions = admin.describeTopics(List.of(topic))
				.allTopicNames()
				.get(30, TimeUnit.SECONDS)
				.get(topic)
				.partitions();
			Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
			partitions.forEach((p) -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
			return admin.listOffsets(latest)
				.all()
				.get(30, TimeUnit.SECONDS)
				.values()
				.stream()
				.mapToLong((info) -> info.offset())
				.sum();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not read the end offsets of " + topic, ex);
		}
	}

	/** The HTTP status and body of a GET, or status 0 when nothing answered. */
	static Http get(String url) {
		try {
			HttpResponse<String> response = HTTP.send(
					HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
					HttpResponse.BodyHandlers.ofString());
			return new Http(response.statusCode(), response.body());
		}
		catch (IOException ex) {
			return new Http(0, ex.toString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Http(0, ex.toString());
		}
	}

	/** Runs {@code bin/podium-processes} with this stack's environment; its output. */
	String script(String... args) {
		return script(Map.of(), args);
	}

	String script(Map<String, String> extraEnv, String... args) {
		List<String> command = new java.util.ArrayList<>();
		command.add(this.root.resolve("bin/podium-processes").toString());
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).directory(this.root.toFile()).redirectErrorStream(true);
		builder.environment().putAll(this.env);
		builder.environment().putAll(extraEnv);
		try {
			Process process = builder.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			int status = process.waitFor();
			System.out.print(output);
			if (status != 0) {
				throw new IllegalStateException(
						"bin/podium-processes " + String.join(" ", args) + " exited " + status + ":\n" + output);
			}
			return output;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		script("down");
	}

	/**
	 * A base port with the apps' ports of two instances free (base..+3, base+10..+13).
	 */
	private static int freeHttpBase() {
		for (int attempt = 0; attempt < 50; attempt++) {
			int base = ThreadLocalRandom.current().nextInt(20000, 30000);
			if (free(base, base + 1, base + 2, base + 3, base + 10, base + 11, base + 12, base + 13)) {
				return base;
			}
		}
		throw new IllegalStateException("no free ports");
	}

	private static boolean free(int... ports) {
		for (int port : ports) {
			try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
				socket.setReuseAddress(true);
			}
			catch (IOException ex) {
				return false;
			}
		}
		return true;
	}

	record Http(int status, String body) {

	}

	/** A record to produce. */
	record Record(String key, String value, Map<String, String> headers) {

	}

}
