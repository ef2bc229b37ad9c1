package dev.podium.platform.metrics;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The relay's replication slot as gauges: {@code podium.relay.slot.retained.wal} (bytes
 * of WAL that PostgreSQL keeps for the slot: what the relay has not yet confirmed) and
 * {@code podium.relay.slot.active} (1 while a relay holds the slot). Read every
 * {@code interval} in the background, so that a scrape never waits for the database; NaN
 * while the database cannot be read.
 */
public final class RelaySlotMetrics implements InitializingBean, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(RelaySlotMetrics.class);

	private final JdbcClient jdbc;

	private final String slot;

	private final Duration interval;

	private final ScheduledExecutorService scheduler = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("relay-slot-metrics").daemon().factory());

	private volatile double retainedBytes = Double.NaN;

	private volatile double active = Double.NaN;

	public RelaySlotMetrics(JdbcClient jdbc, String slot, Duration interval, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.slot = slot;
		this.interval = interval;
		Gauge.builder("podium.relay.slot.retained.wal", this, (m) -> m.retainedBytes)
			.description("WAL that PostgreSQL retains for the relay's replication slot")
			.baseUnit("bytes")
			.tag("slot", slot)
			.register(meters);
		Gauge.builder("podium.relay.slot.active", this, (m) -> m.active)
			.description("1 while a relay holds the replication slot, 0 while none does")
			.tag("slot", slot)
			.register(meters);
	}

	@Override
	public void afterPropertiesSet() {
		this.scheduler.scheduleWithFixedDelay(this::refresh, 0, this.interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	void refresh() {
		double[] read;
		try {
			read = this.jdbc.sql("""
					select pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::float8 as retained,
					       case when active then 1 else 0 end as active
					from pg_replication_slots where slot_name = :slot
					""")
				.param("slot", this.slot)
				.query((rs, n) -> new double[] { rs.getDouble("retained"), rs.getInt("active") })
				.optional()
				.orElse(new double[] { Double.NaN, 0 });
		}
		catch (RuntimeException ex) {
			read = new double[] { Double.NaN, Double.NaN };
			log.debug("Could not read replication slot {}", this.slot, ex);
		}
		this.retainedBytes = read[0];
		this.active = read[1];
	}

	@Override
	public void destroy() {
		this.scheduler.shutdownNow();
	}

}
