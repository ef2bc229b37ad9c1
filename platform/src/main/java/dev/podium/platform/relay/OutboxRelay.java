package dev.podium.platform.relay;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.source.SourceRecord;
import org.postgresql.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Streams the outbox table's inserts to Kafka with Debezium's embedded engine (PostgreSQL
 * connector, pgoutput, offsets in PostgreSQL). Each outbox row becomes one record on its
 * topic with its key and CloudEvents headers. Offsets are stored only after Kafka
 * acknowledged the batch: at least once, consumers de-duplicate by {@code ce_id}.
 *
 * <p>
 * Every instance that may relay runs one of these. The replication slot admits one
 * reader: the others fail to start, wait {@link RelaySettings#retryDelay()} and try
 * again, and so take over when the leader dies.
 */
public class OutboxRelay implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	/** The type of the outbox rows the heartbeat writes; never published. */
	static final String HEARTBEAT_TYPE = "podium.relay.heartbeat";

	private static final String HEARTBEAT_QUERY = "delete from outbox where type = '" + HEARTBEAT_TYPE + "'; "
			+ "insert into outbox (id, topic, message_key, type, source, occurred_at, payload) "
			+ "values (gen_random_uuid(), '', '', '" + HEARTBEAT_TYPE + "', '/podium/relay', now(), '{}')";

	private final RelaySettings settings;

	private final Sequencer sequencer;

	private final String jdbcUrl;

	private final String user;

	private final String password;

	private final Map<String, Object> producerProperties;

	private final String instance = UUID.randomUUID().toString().substring(0, 8);

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition stopped = this.lock.newCondition();

	private final Counter relayed;

	private volatile boolean running;

	private final AtomicBoolean standby = new AtomicBoolean();

	private volatile Thread supervisor;

	private volatile DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;

	private volatile Lanes<RecordChangeEvent<SourceRecord>> lanes;

	private KafkaProducer<String, String> producer;

	public OutboxRelay(RelaySettings settings, String jdbcUrl, String user, String password,
			Map<String, Object> producerProperties, MeterRegistry meters) {
		this.settings = settings;
		this.jdbcUrl = jdbcUrl;
		this.user = user;
		this.password = password;
		this.producerProperties = producerProperties;
		this.sequencer = new Sequencer(jdbcUrl, user, password);
		this.relayed = Counter.builder("podium.relay.events")
			.description("Outbox rows published to Kafka by this relay instance")
			.tag("instance", this.instance)
			.register(meters);
	}

	/** How many outbox rows this instance has published since it was created. */
	public long relayedCount() {
		return (long) this.relayed.count();
	}

	@Override
	public void start() {
		this.running = true;
		this.supervisor = Thread.ofPlatform().name("outbox-relay-" + this.instance).daemon().start(this::supervise);
	}

	@Override
	public void stop() {
		this.running = false;
		// What was read is published before the engine closes (its offsets are stored by
		// the next run's first commit at the latest; until then it may be sent again).
		Lanes<?> current = this.lanes;
		if (current != null) {
			try {
				current.drain(this.settings.retryDelay().toMillis() * 10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		closeEngine(true);
		this.lock.lock();
		try {
			this.stopped.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		Thread thread = this.supervisor;
		if (thread != null) {
			// A standby builds a new engine every retry: one built just as the engine was
			// closed above, or closed before it began to run, is closed on a later round.
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			try {
				while (thread.isAlive() && System.nanoTime() < deadline) {
					thread.join(200);
					if (thread.isAlive()) {
						closeEngine(false);
					}
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.sequencer.close();
		synchronized (this) {
			if (this.producer != null) {
				this.producer.close();
				this.producer = null;
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// Start after the web server and listeners, stop before them.
		return Integer.MAX_VALUE - 100;
	}

	private void supervise() {
		while (this.running) {
			try (DebeziumEngine<RecordChangeEvent<SourceRecord>> created = DebeziumEngine
				.create(ChangeEventFormat.of(Connect.class))
				.using(engineProperties())
				.using(this::engineEnded)
				.notifying(this::publish)
				.build()) {
				this.lock.lock();
				try {
					if (!this.running) {
						break;
					}
					this.engine = created;
				}
				finally {
					this.lock.unlock();
				}
				log.debug("Relay {} trying for replication slot {}", this.instance, this.settings.slotName());
				created.run();
			}
			catch (Exception ex) {
				log.debug("Relay {} engine failed", this.instance, ex);
			}
			finally {
				this.engine = null;
				Lanes<?> ended = this.lanes;
				this.lanes = null;
				if (ended != null) {
					ended.close();
				}
			}
			awaitRetry();
		}
	}

	private void engineEnded(boolean success, String message, Throwable error) {
		if (success || !this.running) {
			return;
		}
		if (isSlotHeldElsewhere(error)) {
			if (this.standby.compareAndSet(false, true)) {
				log.info("Relay {} is on standby: replication slot {} is held by another relay", this.instance,
						this.settings.slotName());
			}
		}
		else {
			log.warn("Relay {} stopped and will retry in {}: {}", this.instance, this.settings.retryDelay(), message,
					error);
		}
	}

	private static boolean isSlotHeldElsewhere(Throwable error) {
		for (Throwable t = error; t != null; t = t.getCause()) {
			if (t.getMessage() != null && t.getMessage().contains("is active for PID")) {
				return true;
			}
		}
		return false;
	}

	private void awaitRetry() {
		this.lock.lock();
		try {
			if (this.running) {
				this.stopped.await(this.settings.retryDelay().toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Closes the current engine, if any.
	 * @param first whether this is the first attempt (later ones may find the engine
	 * closing already, and say so only at debug level)
	 */
	private void closeEngine(boolean first) {
		DebeziumEngine<?> current;
		this.lock.lock();
		try {
			current = this.engine;
		}
		finally {
			this.lock.unlock();
		}
		if (current == null) {
			return;
		}
		try {
			current.close();
		}
		catch (Exception ex) {
			if (first) {
				log.warn("Relay {} did not stop cleanly", this.instance, ex);
			}
			else {
				log.debug("Relay {} engine still closing", this.instance, ex);
			}
		}
	}

	private void publish(List<RecordChangeEvent<SourceRecord>> events,
			DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
		Lanes<RecordChangeEvent<SourceRecord>> current = lanes();
		for (RecordChangeEvent<SourceRecord> event : events) {
			current.accept(event, Relayed.of(event.record()));
		}
		current.commitIfAllPublished(committer);
		if (this.standby.compareAndSet(true, false)) {
			log.info("Relay {} took over replication slot {}", this.instance, this.settings.slotName());
		}
	}

	/**
	 * The lanes of the engine's current run, created with its first batch: they publish
	 * what it reads.
	 */
	private Lanes<RecordChangeEvent<SourceRecord>> lanes() {
		Lanes<RecordChangeEvent<SourceRecord>> current = this.lanes;
		if (current == null) {
			DebeziumEngine<?> run = this.engine;
			current = new Lanes<>("outbox-relay-" + this.instance, producer(), this.settings.readAhead().toBytes(),
					this.settings.inFlight(), this.settings.longestWithoutCommit(), this.sequencer::assign,
					this.relayed::increment, () -> Thread.ofVirtual().start(() -> close(run)));
			this.lanes = current;
		}
		return current;
	}

	private void close(DebeziumEngine<?> run) {
		if (run == null) {
			return;
		}
		try {
			run.close();
		}
		catch (Exception ex) {
			log.debug("Relay {} engine still closing", this.instance, ex);
		}
	}

	private synchronized KafkaProducer<String, String> producer() {
		// Created lazily: a standby holds no producer.
		if (this.producer == null) {
			Properties props = new Properties();
			props.putAll(this.producerProperties);
			props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
			props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
			props.put(ProducerConfig.ACKS_CONFIG, "all");
			props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
			// Throughput where it matters (decision 13): large batches, a short linger,
			// and
			// compression chosen by measurement; idempotent, at most 5 requests in flight
			// per
			// connection, so that retries never reorder a key's records.
			props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
			props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
			props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, this.settings.compression());
			props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
			props.put(ProducerConfig.CLIENT_ID_CONFIG, "podium-relay-" + this.instance);
			props.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
			this.producer = new KafkaProducer<>(props);
		}
		return this.producer;
	}

	Properties engineProperties() {
		Properties url = Driver.parseURL(this.jdbcUrl, null);
		if (url == null) {
			throw new IllegalStateException("Not a PostgreSQL JDBC URL: " + this.jdbcUrl);
		}
		Properties p = new Properties();
		p.setProperty("name", "podium-outbox-relay");
		p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
		p.setProperty("topic.prefix", "podium-relay");
		p.setProperty("database.hostname", url.getProperty("PGHOST", "localhost").split(",")[0]);
		p.setProperty("database.port", url.getProperty("PGPORT", "5432").split(",")[0]);
		p.setProperty("database.dbname", url.getProperty("PGDBNAME"));
		p.setProperty("database.user", this.user);
		p.setProperty("database.password", (this.password != null) ? this.password : "");
		p.setProperty("plugin.name", "pgoutput");
		p.setProperty("slot.name", this.settings.slotName());
		p.setProperty("publication.name", this.settings.publicationName());
		p.setProperty("publication.autocreate.mode", "disabled");
		p.setProperty("table.include.list", "public.outbox");
		p.setProperty("snapshot.mode", "no_data");
		p.setProperty("skipped.operations", "u,d,t");
		p.setProperty("tombstones.on.delete", "false");
		p.setProperty("poll.interval.ms", Long.toString(this.settings.pollInterval().toMillis()));
		// A chunk row carries hundreds of events: bound the engine's queue by bytes, not
		// only by rows.
		p.setProperty("max.queue.size.in.bytes", Long.toString(64L * 1024 * 1024));
		// The slot's confirmed position only ever moves with stored offsets
		// (lsn.flush.mode=connector):
		// a restart always finds its offset in the slot. While the outbox is idle, a
		// heartbeat row every
		// interval gives the connector something to confirm, so the slot never pins WAL
		// for long.
		p.setProperty("lsn.flush.mode", "connector");
		p.setProperty("heartbeat.interval.ms", Long.toString(this.settings.heartbeatInterval().toMillis()));
		p.setProperty("heartbeat.action.query", HEARTBEAT_QUERY);
		p.setProperty("slot.max.retries", "1");
		p.setProperty("slot.retry.delay.ms", Long.toString(this.settings.retryDelay().toMillis()));
		p.setProperty("errors.max.retries", "0");
		p.setProperty("extended.headers.enabled", "false");
		p.setProperty("custom.metric.tags", "relay=" + this.instance);
		p.setProperty("offset.storage", "io.debezium.storage.jdbc.offset.JdbcOffsetBackingStore");
		p.setProperty("offset.storage.jdbc.connection.url", this.jdbcUrl);
		p.setProperty("offset.storage.jdbc.connection.user", this.user);
		p.setProperty("offset.storage.jdbc.connection.password", (this.password != null) ? this.password : "");
		p.setProperty("offset.storage.jdbc.table.name", "relay_offset");
		p.setProperty("offset.flush.interval.ms", Long.toString(this.settings.offsetFlushInterval().toMillis()));
		// Fail fast when the database is gone: the supervisor restarts the engine, and a
		// stop is not
		// held up by retries (the defaults kept a shutdown waiting ~25 s).
		p.setProperty("offset.storage.jdbc.connection.wait.retry.delay.ms", "200");
		p.setProperty("offset.storage.jdbc.connection.retry.max.attempts", "5");
		return p;
	}

}
