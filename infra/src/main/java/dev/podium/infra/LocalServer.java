package dev.podium.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import dev.podium.platform.embedded.LocalKafka;
import dev.podium.platform.embedded.LocalPostgres;

/**
 * Runs one server in the foreground until SIGTERM:
 * {@code java -jar podium-infra.jar postgres|kafka <port> <data directory> [ready file]}.
 * Once the server listens, it writes the ready file (if named) with the address to use:
 * the JDBC URL of the {@code podium} database, or Kafka's bootstrap servers. SIGTERM
 * stops the server cleanly; its data stays in the directory for the next start.
 */
public final class LocalServer {

	private LocalServer() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length < 3 || !("postgres".equals(args[0]) || "kafka".equals(args[0]))) {
			System.err.println("usage: LocalServer postgres|kafka <port> <data directory> [ready file]");
			System.exit(2);
		}
		int port = Integer.parseInt(args[1]);
		Path data = Path.of(args[2]);
		Path ready = (args.length > 3) ? Path.of(args[3]) : null;
		CountDownLatch stopped = new CountDownLatch(1);
		AutoCloseable server;
		String address;
		if ("postgres".equals(args[0])) {
			LocalPostgres postgres = LocalPostgres.start(data, port, false);
			server = postgres;
			address = postgres.jdbcUrl();
		}
		else {
			LocalKafka kafka = LocalKafka.start(data, port);
			server = kafka;
			address = kafka.bootstrapServers();
		}
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			try {
				server.close();
			}
			catch (Exception ex) {
				System.err.println(args[0] + " did not stop cleanly: " + ex);
			}
			finally {
				stopped.countDown();
			}
		}, "local-server-stop"));
		if (ready != null) {
			write(ready, address);
		}
		System.out.println(args[0] + " ready at " + address);
		stopped.await();
	}

	private static void write(Path ready, String address) throws IOException {
		Path tmp = ready.resolveSibling(ready.getFileName() + ".tmp");
		Files.writeString(tmp, address + "\n");
		Files.move(tmp, ready, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
	}

}
