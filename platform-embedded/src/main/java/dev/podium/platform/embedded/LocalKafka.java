package dev.podium.platform.embedded;

import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one),
 * in-process. Its log directory is formatted on first start and kept across restarts.
 */
public final class LocalKafka implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(LocalKafka.class);

	private final KafkaRaftServer server;

	private final int port;

	private LocalKafka(KafkaRaftServer server, int port) {
		this.server = server;
		this.port = port;
	}

	/**
	 * Starts a broker.
	 * @param logDirectory where the broker keeps its logs and metadata
	 * @param port the client port, or 0 for a free one
	 */
	public static LocalKafka start(Path logDirectory, int port) {
		int clientPort = (port > 0) ? port : FreePorts.find();
		int controllerPort = FreePorts.find();
		try {
			Files.createDirectories(logDirectory);
			Properties props = new Properties();
			props.put("process.roles", "broker,controller");
			props.put("node.id", "1");
			props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
			props.put("listeners", "PLAINTEXT://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
			props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort);
			props.put("controller.listener.names", "CONTROLLER");
			props.put("inter.broker.listener.name", "PLAINTEXT");
			props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
			props.put("log.dirs", logDirectory.toString());
			props.put("offsets.topic.replication.factor", "1");
			props.put("offsets.topic.num.partitions", "5");
			props.put("transaction.state.log.replication.factor", "1");
			props.put("transaction.state.log.min.isr", "1");
			props.put("share.coordinator.state.topic.replication.factor", "1");
			props.put("share.coordinator.state.topic.min.isr", "1");
			props.put("group.initial.rebalance.delay.ms", "0");
			props.put("num.partitions", "1");
			props.put("auto.create.topics.enable", "false");
			props.put("log.flush.interval.ms", "1000");
			KafkaConfig config = KafkaConfig.fromProps(props, false);
			if (!Files.exists(logDirectory.resolve("meta.properties"))) {
				new Formatter().setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
					.setNodeId(1)
					.setClusterId(Uuid.randomUuid().toString())
					.setDirectories(List.of(logDirectory.toString()))
					.setMetadataLogDirectory(logDirectory.toString())
					.setControllerListenerName("CONTROLLER")
					.setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
					.setSupportedFeatures(Feature.PRODUCTION_FEATURES)
					.setIgnoreFormatted(true)
					.run();
			}
			KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
			server.startup();
			log.info("Kafka broker listening on 127.0.0.1:{}, logs in {}", clientPort, logDirectory);
			return new LocalKafka(server, clientPort);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not start the in-process Kafka broker", ex);
		}
	}

	public String bootstrapServers() {
		return "127.0.0.1:" + this.port;
	}

	@Override
	public void close() {
		this.server.shutdown();
		this.server.awaitShutdown();
	}

}
