package dev.podium.platform.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server from embedded binaries, with logical decoding on (the relay
 * needs {@code wal_level=logical}) and synchronous commit (the embedded default
 * {@code off} added ~175 ms to the relay's latency). Checkpoints are spaced for
 * million-row writes: with the default {@code max_wal_size} of 1 GB, a close of 1,000,000
 * winners forced checkpoints (and full-page writes) mid-transaction, 122.9 s against 32.3
 * s with 8 GB under the same load.
 */
public final class LocalPostgres implements AutoCloseable {

	/** The database Podium uses. */
	public static final String DATABASE = "podium";

	/** The superuser of the embedded server. */
	public static final String USER = "postgres";

	/**
	 * The password to present: the embedded server trusts loopback connections and
	 * ignores it, but Debezium's offset store insists on one.
	 */
	public static final String PASSWORD = "postgres";

	private static final Logger log = LoggerFactory.getLogger(LocalPostgres.class);

	private final EmbeddedPostgres server;

	private LocalPostgres(EmbeddedPostgres server) {
		this.server = server;
	}

	/**
	 * Starts a server.
	 * @param dataDirectory where the data lives; kept across restarts unless
	 * {@code fresh}
	 * @param port the port to listen on, or 0 for a free one
	 * @param throwaway whether to delete the data directory when the server closes
	 * (tests)
	 */
	public static LocalPostgres start(Path dataDirectory, int port, boolean throwaway) {
		try {
			EmbeddedPostgres server = EmbeddedPostgres.builder()
				.setDataDirectory(dataDirectory)
				.setCleanDataDirectory(throwaway)
				// Whoever started the server stops it, after the apps that use it
				// (zonky's own hook
				// would race them and stop PostgreSQL while they are still shutting
				// down).
				.setRegisterShutdownHook(false)
				.setPort((port > 0) ? port : FreePorts.find())
				.setServerConfig("wal_level", "logical")
				.setServerConfig("max_replication_slots", "20")
				.setServerConfig("max_wal_senders", "20")
				.setServerConfig("synchronous_commit", "on")
				.setServerConfig("max_connections", "400")
				.setServerConfig("shared_buffers", "256MB")
				.setServerConfig("max_wal_size", "4GB")
				.setServerConfig("checkpoint_timeout", "15min")
				.setServerConfig("timezone", "UTC")
				.start();
			LocalPostgres postgres = new LocalPostgres(server);
			postgres.createDatabase();
			log.info("PostgreSQL listening on port {}, data in {}", server.getPort(), dataDirectory);
			return postgres;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void createDatabase() {
		try (Connection c = this.server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
			var rs = s.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'");
			if (!rs.next()) {
				s.execute("create database " + DATABASE);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create the podium database", ex);
		}
	}

	public int port() {
		return this.server.getPort();
	}

	public String jdbcUrl() {
		return this.server.getJdbcUrl(USER, DATABASE);
	}

	@Override
	public void close() {
		try {
			this.server.close();
		}
		catch (IOException ex) {
			log.warn("PostgreSQL did not stop cleanly", ex);
		}
	}

}
