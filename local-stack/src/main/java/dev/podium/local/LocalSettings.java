package dev.podium.local;

import java.nio.file.Path;
import java.util.Map;

/**
 * The local stack's options: {@code --port N} (default 8080), {@code --fresh},
 * {@code --data-dir DIR} (default {@code .podium}), {@code --postgres-port N} (default
 * 15432), {@code --kafka-port N} (default 19092), and the environment variable
 * {@code PODIUM_DEMO_ADMIN_TOKEN} for a fixed admin token.
 *
 * @param port the edge's HTTP port
 * @param fresh whether to wipe the data directory first
 * @param dataDirectory where PostgreSQL and Kafka keep their data
 * @param postgresPort PostgreSQL's port
 * @param kafkaPort Kafka's client port
 * @param partitions partitions per topic
 * @param adminToken a fixed admin token, or null for a random one
 */
public record LocalSettings(int port, boolean fresh, Path dataDirectory, int postgresPort, int kafkaPort,
		int partitions, String adminToken) {

	static LocalSettings parse(String[] args, Map<String, String> env) {
		int port = 8080;
		boolean fresh = false;
		Path data = Path.of(".podium");
		int postgresPort = 15432;
		int kafkaPort = 19092;
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
			String inline = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
			switch (name) {
				case "--fresh" -> fresh = true;
				case "--port" -> port = Integer.parseInt(value(args, ++i, inline, name));
				case "--data-dir" -> data = Path.of(value(args, ++i, inline, name));
				case "--postgres-port" -> postgresPort = Integer.parseInt(value(args, ++i, inline, name));
				case "--kafka-port" -> kafkaPort = Integer.parseInt(value(args, ++i, inline, name));
				case "--help", "-h" -> {
					System.out.println("usage: podium-local [--port N] [--fresh] [--data-dir DIR] "
							+ "[--postgres-port N] [--kafka-port N]\n"
							+ "  PODIUM_DEMO_ADMIN_TOKEN=... fixes the demo admin token");
					System.exit(0);
				}
				default -> throw new IllegalArgumentException("unknown option " + arg + " (try --help)");
			}
			if (inline != null && !"--fresh".equals(name)) {
				i--;
			}
		}
		String admin = env.get("PODIUM_DEMO_ADMIN_TOKEN");
		return new LocalSettings(port, fresh, data, postgresPort, kafkaPort, 6,
				(admin == null || admin.isBlank()) ? null : admin.strip());
	}

	private static String value(String[] args, int i, String inline, String name) {
		if (inline != null) {
			return inline;
		}
		if (i >= args.length) {
			throw new IllegalArgumentException(name + " needs a value");
		}
		return args[i];
	}

}
