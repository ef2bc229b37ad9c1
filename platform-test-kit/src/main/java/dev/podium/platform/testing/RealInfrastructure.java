package dev.podium.platform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import dev.podium.platform.embedded.LocalKafka;
import dev.podium.platform.embedded.LocalPostgres;
import org.postgresql.ds.PGSimpleDataSource;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts, once per JVM, a real PostgreSQL and a real Kafka broker, and points Spring
 * contexts at them. Use as
 * {@code @ContextConfiguration(initializers = RealInfrastructure.class)} beside
 * {@code @SpringBootTest}, or call {@link #start()} from a plain test.
 */
public final class RealInfrastructure implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	/** The key that seals webhook signing secrets in tests: base64 of 32 bytes. */
	public static final String TEST_WEBHOOK_SECRET_KEY = "cG9kaXVtLXRlc3Qtd2ViaG9vay1zZWNyZXRzLWtleSE=";

	private static LocalPostgres postgres;

	private static LocalKafka kafka;

	/** Starts both servers unless this JVM already did. */
	public static synchronized void start() {
		if (postgres != null) {
			return;
		}
		try {
			Path root = Files.createTempDirectory("podium-test-");
			postgres = LocalPostgres.start(root.resolve("postgres"), 0, true);
			kafka = LocalKafka.start(root.resolve("kafka"), 0);
			Runtime.getRuntime().addShutdownHook(new Thread(RealInfrastructure::stop, "real-infrastructure-stop"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static synchronized void stop() {
		try {
			if (kafka != null) {
				kafka.close();
			}
		}
		finally {
			if (postgres != null) {
				postgres.close();
			}
		}
	}

	public static String jdbcUrl() {
		start();
		return postgres.jdbcUrl();
	}

	public static String bootstrapServers() {
		start();
		return kafka.bootstrapServers();
	}

	/** A plain data source on the test database, for tests without Spring. */
	public static DataSource dataSource() {
		PGSimpleDataSource ds = new PGSimpleDataSource();
		ds.setUrl(jdbcUrl());
		ds.setUser(LocalPostgres.USER);
		ds.setPassword(LocalPostgres.PASSWORD);
		return ds;
	}

	/** The properties that point an app at the test infrastructure. */
	public static Map<String, Object> properties() {
		Map<String, Object> props = new HashMap<>();
		props.put("spring.datasource.url", jdbcUrl());
		props.put("spring.datasource.username", LocalPostgres.USER);
		props.put("spring.datasource.password", LocalPostgres.PASSWORD);
		props.put("spring.kafka.bootstrap-servers", bootstrapServers());
		props.put("podium.kafka.partitions", "3");
		props.put("podium.kafka.retry-max-elapsed", "3s");
		props.put("podium.kafka.retry-initial-interval", "100ms");
		// A fixed key that seals webhook signing secrets in tests (never a production
		// key).
		props.put("podium.webhooks.secret-key", TEST_WEBHOOK_SECRET_KEY);
		return props;
	}

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("real-infrastructure", properties()));
	}

}
