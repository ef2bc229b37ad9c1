package dev.podium.platform.health;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * UP while PostgreSQL answers a query within {@code timeout} on a fresh connection. Not
 * the pool's: a pool waits for a free connection up to its own timeout (30 s by default),
 * longer than a readiness probe waits for an answer.
 */
public class PostgresHealth extends AbstractHealthIndicator {

	private final String url;

	private final Properties properties = new Properties();

	public PostgresHealth(String url, String user, String password, Duration timeout) {
		super("PostgreSQL is unreachable");
		this.url = url;
		if (user != null) {
			this.properties.setProperty("user", user);
		}
		if (password != null) {
			this.properties.setProperty("password", password);
		}
		String seconds = Long.toString(Math.max(1, timeout.toSeconds()));
		this.properties.setProperty("connectTimeout", seconds);
		this.properties.setProperty("socketTimeout", seconds);
		this.properties.setProperty("loginTimeout", seconds);
		this.properties.setProperty("ApplicationName", "podium-health");
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws SQLException {
		try (Connection c = DriverManager.getConnection(this.url, this.properties); Statement s = c.createStatement()) {
			s.execute("select 1");
			builder.up().withDetail("database", c.getCatalog());
		}
	}

}
