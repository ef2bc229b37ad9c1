package dev.podium.platform.relay;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import io.debezium.engine.DebeziumEngine.RecordCommitter;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes what one run of the relay's engine reads, fairly and at least once.
 *
 * <p>
 * Rows arrive in commit order ({@link #accept}) and are queued in their
 * {@linkplain Relayed#lane() lane} (an organisation's events, an organisation's
 * commands). One publishing thread takes one row from each lane that has any in turn,
 * expands it and sends its records, so an organisation's single event waits for at most
 * one chunk of each other busy lane, not for a million-winner close committed before it.
 * Within a lane rows keep their commit order, so an organisation's events (and each
 * participant's) keep theirs; Kafka keeps it per key.
 *
 * <p>
 * Offsets are stored only when every row handed over so far is on Kafka
 * ({@link #commitIfAllPublished}, in the engine's thread): at least once, consumers
 * de-duplicate by {@code ce_id}; after a crash in a backlog the relay resumes before the
 * backlog and sends it again. What is read ahead but not yet published is bounded by
 * {@code readAhead} bytes; records sent but not yet acknowledged by {@code inFlight},
 * which also bounds how long a lane's record waits in the producer behind another lane's.
 *
 * @param <E> the engine's record type
 */
final class Lanes<E> implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(Lanes.class);

	/**
	 * How many events of one lane are numbered in a round at least, when many lanes are
	 * busy (about 10 chunks).
	 */
	private static final int NUMBER_PER_LANE = 5_000;

	/**
	 * Outstanding rows up to which the engine's thread waits for them to be published.
	 */
	private static final int FEW_ROWS = 100;

	/** How many events are numbered in one transaction, at most. */
	private static final int NUMBER_PER_ROUND = 50_000;

	private final Producer<String, String> producer;

	private final long readAhead;

	private final int inFlight;

	private final long longestWithoutCommit;

	private final Runnable onFailure;

	private final ReentrantLock lock = new ReentrantLock();

	/**
	 * The publisher waits here for work, the reader for room and for acknowledgements.
	 */
	private final Condition changed = this.lock.newCondition();

	private final Map<String, Lane<E>> lanes = new HashMap<>();

	/** Lanes with rows to number, in the order they are served. */
	private final ArrayDeque<Lane<E>> toNumber = new ArrayDeque<>();

	/** Lanes with numbered rows to publish, in the order they are served. */
	private final ArrayDeque<Lane<E>> toPublish = new ArrayDeque<>();

	private final Numberer numberer;

	/** Every row not yet committed, in commit order. */
	private final ArrayDeque<Row<E>> pending = new ArrayDeque<>();

	private final Consumer<Integer> published;

	private long buffered;

	private int sending;

	/** When offsets were last stored, or the lanes created ({@link System#nanoTime}). */
	private long committedAt = System.nanoTime();

	/** Rows taken whose records are not all acknowledged yet. */
	private int unfinished;

	private volatile Throwable failure;

	private volatile boolean closed;

	private final Thread numbering;

	private final Thread publisher;

	/**
	 * @param name names the threads
	 * @param producer sends the records
	 * @param readAhead the most bytes of rows read but not yet published
	 * @param inFlight the most records sent but not yet acknowledged
	 * @param longestWithoutCommit how long rows may stay outstanding at every batch
	 * before the engine's thread waits for all of them to store the offsets
	 * @param numberer numbers participant events (called from one thread)
	 * @param published told how many records Kafka acknowledged
	 * @param onFailure called once when a row cannot be numbered, expanded or published
	 * (Kafka refused a record, the database failed, a thread of the lanes died): the run
	 * must end
	 */
	Lanes(String name, Producer<String, String> producer, long readAhead, int inFlight, Duration longestWithoutCommit,
			Numberer numberer, Consumer<Integer> published, Runnable onFailure) {
		this.producer = producer;
		this.numberer = numberer;
		this.readAhead = readAhead;
		this.inFlight = inFlight;
		this.longestWithoutCommit = longestWithoutCommit.toNanos();
		this.published = published;
		this.onFailure = onFailure;
		this.numbering = Thread.ofPlatform().name(name + "-numbering").daemon().start(failingTheRun(this::number));
		this.publisher = Thread.ofPlatform().name(name + "-publisher").daemon().start(failingTheRun(this::publish));
	}

	/**
	 * Takes a row read from the engine, in commit order; waits while more than the
	 * read-ahead is queued.
	 * @param event the engine's record, marked processed once every row taken is on Kafka
	 * @param relayed what it publishes, or null for nothing
	 */
	void accept(E event, Relayed relayed) throws InterruptedException {
		Row<E> row = new Row<>(event, relayed);
		this.lock.lockInterruptibly();
		try {
			while (relayed != null && this.buffered > 0 && this.buffered + relayed.weight() > this.readAhead) {
				check();
				this.changed.await(100, TimeUnit.MILLISECONDS);
			}
			check();
			this.pending.addLast(row);
			if (relayed != null && relayed.events() > 0) {
				this.buffered += relayed.weight();
				this.unfinished++;
				Lane<E> lane = this.lanes.computeIfAbsent(relayed.lane(), Lane::new);
				row.lane = lane;
				queue(this.toNumber, lane.waiting, lane, row);
			}
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Queues a row in one of its lane's queues, and the lane for its turn if that queue
	 * was empty: a lane waits for its turn once, however many rows it has.
	 */
	private static <E> void queue(ArrayDeque<Lane<E>> turns, ArrayDeque<Row<E>> rows, Lane<E> lane, Row<E> row) {
		if (rows.isEmpty()) {
			turns.addLast(lane);
		}
		rows.addLast(row);
	}

	private void check() {
		if (this.failure != null) {
			throw new IllegalStateException("Relaying failed", this.failure);
		}
		if (this.closed) {
			throw new IllegalStateException("The relay is stopping");
		}
	}

	/**
	 * Waits until every row taken so far is on Kafka (a clean stop; the offsets are
	 * stored only by {@link #commitIfAllPublished}, rows published but not committed are
	 * sent again after the restart).
	 * @return whether that happened within the time
	 */
	boolean drain(long timeoutMillis) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
		this.lock.lock();
		try {
			while (this.unfinished > 0) {
				long left = deadline - System.nanoTime();
				if (left <= 0 || this.failure != null) {
					return false;
				}
				this.changed.await(left, TimeUnit.NANOSECONDS);
			}
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Numbers rows in the order of their lanes, a few chunks of each busy lane per
	 * transaction, so that one lane's backlog delays another's rows by one such round.
	 */
	private void number() throws InterruptedException, SQLException {
		while (true) {
			List<Row<E>> batch = new ArrayList<>();
			this.lock.lockInterruptibly();
			try {
				while (this.toNumber.isEmpty() && !this.closed) {
					this.changed.await();
				}
				if (this.closed) {
					return;
				}
				int events = 0;
				// Each busy lane gets its share of a round, at least a few chunks.
				int share = Math.max(NUMBER_PER_LANE, NUMBER_PER_ROUND / this.toNumber.size());
				for (int lanes = this.toNumber.size(); lanes > 0 && events < NUMBER_PER_ROUND; lanes--) {
					Lane<E> lane = this.toNumber.pollFirst();
					int taken = 0;
					while (!lane.waiting.isEmpty() && taken < share) {
						Row<E> row = lane.waiting.pollFirst();
						lane.numbering++;
						taken += row.relayed.events();
						batch.add(row);
					}
					events += taken;
					if (!lane.waiting.isEmpty()) {
						this.toNumber.addLast(lane);
					}
				}
			}
			finally {
				this.lock.unlock();
			}
			List<Sequencer.Row> rows = new ArrayList<>();
			for (Row<E> row : batch) {
				Sequencer.Row participants = row.relayed.toNumber();
				if (participants != null) {
					rows.add(participants);
				}
			}
			Map<String, long[]> sequences = this.numberer.assign(rows);
			this.lock.lockInterruptibly();
			try {
				for (Row<E> row : batch) {
					row.sequences = sequences.get(row.relayed.outboxId());
					row.lane.numbering--;
					queue(this.toPublish, row.lane.ready, row.lane, row);
				}
				this.changed.signalAll();
			}
			finally {
				this.lock.unlock();
			}
		}
	}

	private void publish() throws InterruptedException {
		while (true) {
			Row<E> row;
			this.lock.lockInterruptibly();
			try {
				while (this.toPublish.isEmpty() && !this.closed) {
					this.changed.await();
				}
				if (this.closed) {
					return;
				}
				Lane<E> lane = this.toPublish.pollFirst();
				row = lane.ready.pollFirst();
				if (!lane.ready.isEmpty()) {
					this.toPublish.addLast(lane);
				}
				else if (lane.waiting.isEmpty() && lane.numbering == 0) {
					this.lanes.remove(lane.name);
				}
			}
			finally {
				this.lock.unlock();
			}
			List<ProducerRecord<String, String>> records = row.relayed.toRecords(row.sequences);
			row.remaining.set(records.size());
			Callback acknowledged = (metadata, error) -> acknowledged(row, error);
			for (ProducerRecord<String, String> record : records) {
				awaitRoom();
				this.producer.send(record, acknowledged);
			}
			changing(() -> this.buffered -= row.relayed.weight());
		}
	}

	/**
	 * One of the lanes' threads: whatever ends it, but a close, ends the run, so that a
	 * thread that died never leaves the engine waiting for it.
	 */
	private Runnable failingTheRun(Work work) {
		return () -> {
			try {
				work.run();
			}
			catch (InterruptedException ex) {
				if (!this.closed) {
					fail(ex);
				}
			}
			catch (Throwable ex) {
				fail(ex);
			}
		};
	}

	private void awaitRoom() throws InterruptedException {
		this.lock.lockInterruptibly();
		try {
			while (this.sending >= this.inFlight && !this.closed) {
				this.changed.await();
			}
			if (this.closed) {
				throw new InterruptedException("closed");
			}
			this.sending++;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void acknowledged(Row<E> row, Exception error) {
		if (error != null) {
			fail(error);
		}
		boolean last = error == null && row.remaining.decrementAndGet() == 0;
		this.lock.lock();
		try {
			this.sending--;
			if (last) {
				this.unfinished--;
			}
			if (last || error != null || this.sending == this.inFlight - 1) {
				this.changed.signalAll();
			}
		}
		finally {
			this.lock.unlock();
		}
		if (error == null) {
			this.published.accept(1);
		}
	}

	private void fail(Throwable error) {
		boolean first;
		this.lock.lock();
		try {
			first = this.failure == null;
			if (first) {
				this.failure = error;
			}
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		if (first) {
			log.warn("Relaying failed; the relay restarts from its last stored offset", error);
			this.onFailure.run();
		}
	}

	/**
	 * In the engine's thread, after it handed over a batch: when every row taken so far
	 * is on Kafka, marks them all processed and finishes the batch, which stores the
	 * offsets. Waits up to a second for that when little is outstanding (a trickle:
	 * committed at once, as before), not at all during a backlog (the engine reads on;
	 * the commit comes with the first batch after the backlog is through). Under a load
	 * that never lets the outstanding rows run out, that batch would never come: once
	 * {@code longestWithoutCommit} has passed since the last commit, the engine's thread
	 * waits (reading nothing more) until everything handed over is published, which the
	 * read-ahead bounds.
	 *
	 * <p>
	 * Only all or nothing: the engine's commit also confirms to PostgreSQL the position
	 * of the last row it handed over (Kafka Connect's contract: a source task commits up
	 * to what its last poll returned), so a commit while a handed-over row is still
	 * unpublished would let the slot move past it.
	 */
	void commitIfAllPublished(RecordCommitter<E> committer) throws InterruptedException {
		List<E> done;
		this.lock.lockInterruptibly();
		try {
			check();
			boolean overdue = System.nanoTime() - this.committedAt > this.longestWithoutCommit;
			if (this.pending.isEmpty() || (this.unfinished > FEW_ROWS && !overdue)) {
				return;
			}
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
			while (this.unfinished > 0) {
				long left = deadline - System.nanoTime();
				if (left <= 0 && !overdue) {
					return;
				}
				if (overdue) {
					this.changed.await();
				}
				else {
					this.changed.await(left, TimeUnit.NANOSECONDS);
				}
				check();
			}
			done = new ArrayList<>(this.pending.size());
			this.pending.forEach((row) -> done.add(row.event));
			this.pending.clear();
			this.committedAt = System.nanoTime();
		}
		finally {
			this.lock.unlock();
		}
		for (E event : done) {
			committer.markProcessed(event);
		}
		committer.markBatchFinished();
	}

	/**
	 * Stops publishing and committing; rows not yet committed are read again by the next
	 * run.
	 */
	@Override
	public void close() {
		changing(() -> this.closed = true);
		try {
			this.numbering.join(5_000);
			this.publisher.join(5_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Changes the state under the lock and wakes every thread waiting for a change. */
	private void changing(Runnable change) {
		this.lock.lock();
		try {
			change.run();
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	private interface Work {

		void run() throws InterruptedException, SQLException;

	}

	/** Numbers participant events ({@link Sequencer#assign}). */
	interface Numberer {

		Map<String, long[]> assign(List<Sequencer.Row> rows) throws SQLException;

	}

	private static final class Row<E> {

		final E event;

		final Relayed relayed;

		/** Its lane (guarded by the lock). */
		Lane<E> lane;

		/** The numbers of its events once numbered, or null (guarded by the lock). */
		long[] sequences;

		/** Records not yet acknowledged, once the row is expanded. */
		final AtomicInteger remaining = new AtomicInteger();

		Row(E event, Relayed relayed) {
			this.event = event;
			this.relayed = relayed;
		}

	}

	/** One lane's rows in commit order: those waiting for numbers, then those ready. */
	private static final class Lane<E> {

		final String name;

		final ArrayDeque<Row<E>> waiting = new ArrayDeque<>();

		final ArrayDeque<Row<E>> ready = new ArrayDeque<>();

		/** Rows taken from {@code waiting} and being numbered. */
		int numbering;

		Lane(String name) {
			this.name = name;
		}

	}

}
