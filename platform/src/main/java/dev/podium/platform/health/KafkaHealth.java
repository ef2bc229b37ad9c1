package dev.podium.platform.health;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * UP while the Kafka cluster describes itself within {@code timeout}, with at least one
 * broker.
 */
public class KafkaHealth extends AbstractHealthIndicator implements DisposableBean {

	private final Map<String, Object> config;

	private final Duration timeout;

	private Admin admin;

	public KafkaHealth(Map<String, Object> adminConfig, Duration timeout) {
		super("Kafka is unreachable");
		this.config = new HashMap<>(adminConfig);
		int millis = (int) timeout.toMillis();
		this.config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
		this.config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
		this.config.put(AdminClientConfig.CLIENT_ID_CONFIG, "podium-health");
		this.timeout = timeout;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		Collection<Node> nodes = admin()
			.describeCluster(new DescribeClusterOptions().timeoutMs((int) this.timeout.toMillis()))
			.nodes()
			.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		if (nodes.isEmpty()) {
			builder.down().withDetail("brokers", 0);
		}
		else {
			builder.up().withDetail("brokers", nodes.size());
		}
	}

	private synchronized Admin admin() {
		if (this.admin == null) {
			this.admin = Admin.create(this.config);
		}
		return this.admin;
	}

	@Override
	public synchronized void destroy() {
		if (this.admin != null) {
			this.admin.close(Duration.ofSeconds(1));
			this.admin = null;
		}
	}

}
