package dev.podium.platform.relay;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.postgresql.jdbc.PgConnection;

/**
 * Gives participant events their per-participant sequence numbers, once. The relay is the
 * only caller (it holds the replication slot), so the counters see one writer. Numbers
 * are given per outbox row in one transaction: the counters move, and the row's numbers
 * are remembered, so that a row read again after a crash (at least once) gets the same
 * numbers. Remembered numbers are kept for {@link #RETENTION}, far longer than any
 * redelivery.
 */
final class Sequencer implements AutoCloseable {

	static final Duration RETENTION = Duration.ofDays(7);

	private static final Duration PRUNE_EVERY = Duration.ofHours(1);

	private final String url;

	private final String user;

	private final String password;

	private Connection connection;

	private long prunedAt;

	Sequencer(String url, String user, String password) {
		this.url = url;
		this.user = user;
		this.password = password;
	}

	/**
	 * Numbers the events of a batch of outbox rows, in order.
	 * @param rows the rows, in the order they are published, each with its events'
	 * participants
	 * @return the numbers of each row's events, by outbox id
	 */
	synchronized Map<String, long[]> assign(List<Row> rows) throws SQLException {
		if (rows.isEmpty()) {
			return Map.of();
		}
		Connection c = connection();
		try {
			Map<String, long[]> numbers = remembered(c, rows);
			List<Row> fresh = rows.stream().filter((row) -> !numbers.containsKey(row.outboxId())).toList();
			if (!fresh.isEmpty()) {
				numbers.putAll(number(c, fresh));
			}
			prune(c);
			c.commit();
			return numbers;
		}
		catch (SQLException | RuntimeException ex) {
			close();
			throw ex;
		}
	}

	private static Map<String, long[]> remembered(Connection c, List<Row> rows) throws SQLException {
		Map<String, long[]> numbers = new HashMap<>();
		try (PreparedStatement select = c.prepareStatement(
				"select outbox_id::text, sequences from relay_sequence where outbox_id = any(?::uuid[])")) {
			select.setArray(1, c.createArrayOf("text", rows.stream().map(Row::outboxId).toArray()));
			try (ResultSet rs = select.executeQuery()) {
				while (rs.next()) {
					Long[] values = (Long[]) rs.getArray(2).getArray();
					long[] sequences = new long[values.length];
					for (int i = 0; i < values.length; i++) {
						sequences[i] = values[i];
					}
					numbers.put(rs.getString(1), sequences);
				}
			}
		}
		return numbers;
	}

	private static Map<String, long[]> number(Connection c, List<Row> rows) throws SQLException {
		// How many numbers each participant needs; the counters are locked in key order.
		Map<Participant, long[]> needed = new HashMap<>();
		for (Row row : rows) {
			for (int i = 0; i < row.ids().length; i++) {
				needed.computeIfAbsent(new Participant(row.organisationId(), row.types()[i], row.ids()[i]),
						(p) -> new long[1])[0]++;
			}
		}
		Participant[] keys = needed.keySet().toArray(Participant[]::new);
		Arrays.sort(keys);
		long[] organisations = new long[keys.length];
		int[] types = new int[keys.length];
		long[] ids = new long[keys.length];
		long[] counts = new long[keys.length];
		for (int i = 0; i < keys.length; i++) {
			organisations[i] = keys[i].organisationId();
			types[i] = keys[i].type();
			ids[i] = keys[i].id();
			counts[i] = needed.get(keys[i])[0];
		}
		PgConnection pg = c.unwrap(PgConnection.class);
		try (PreparedStatement upsert = c.prepareStatement("""
				insert into participant_sequence as s (organisation_id, participant_type, participant_id, last_sequence)
				select * from unnest(?::bigint[], ?::int[]::smallint[], ?::bigint[], ?::bigint[])
				on conflict (organisation_id, participant_type, participant_id)
				do update set last_sequence = s.last_sequence + excluded.last_sequence
				returning organisation_id, participant_type, participant_id, last_sequence
				""")) {
			upsert.setArray(1, pg.createArrayOf("bigint", organisations));
			upsert.setArray(2, pg.createArrayOf("int4", types));
			upsert.setArray(3, pg.createArrayOf("bigint", ids));
			upsert.setArray(4, pg.createArrayOf("bigint", counts));
			try (ResultSet rs = upsert.executeQuery()) {
				while (rs.next()) {
					long[] next = needed.get(new Participant(rs.getLong(1), rs.getInt(2), rs.getLong(3)));
					// From the count needed to the first number to give.
					next[0] = rs.getLong(4) - next[0] + 1;
				}
			}
		}
		Map<String, long[]> byRow = new LinkedHashMap<>();
		try (PreparedStatement remember = c
			.prepareStatement("insert into relay_sequence (outbox_id, sequences) values (?::uuid, ?)")) {
			for (Row row : rows) {
				long[] sequences = new long[row.ids().length];
				for (int i = 0; i < sequences.length; i++) {
					sequences[i] = needed.get(new Participant(row.organisationId(), row.types()[i], row.ids()[i]))[0]++;
				}
				byRow.put(row.outboxId(), sequences);
				remember.setString(1, row.outboxId());
				remember.setArray(2, pg.createArrayOf("bigint", sequences));
				remember.addBatch();
			}
			remember.executeBatch();
		}
		return byRow;
	}

	private void prune(Connection c) throws SQLException {
		long now = System.currentTimeMillis();
		if (now - this.prunedAt < PRUNE_EVERY.toMillis()) {
			return;
		}
		try (PreparedStatement delete = c
			.prepareStatement("delete from relay_sequence where relayed_at < now() - make_interval(secs => ?)")) {
			delete.setLong(1, RETENTION.toSeconds());
			delete.executeUpdate();
		}
		this.prunedAt = now;
	}

	private Connection connection() throws SQLException {
		if (this.connection == null || this.connection.isClosed()) {
			this.connection = DriverManager.getConnection(this.url, this.user, this.password);
			// A batch numbers up to tens of thousands of events: its aggregate and sorts
			// stay
			// in memory (~100 bytes per event) instead of spilling to disk.
			// Its commits need not wait for the WAL flush: offsets are stored after them
			// by a
			// synchronous commit, which flushes the WAL up to there. Lost with a crash of
			// the
			// database, numbers are lost with the offsets after them, and the rows read
			// again get the same numbers from the same counters (decision 13).
			try (Statement set = this.connection.createStatement()) {
				set.execute("set work_mem = '64MB'");
				set.execute("set synchronous_commit = off");
			}
			this.connection.setAutoCommit(false);
		}
		return this.connection;
	}

	@Override
	public synchronized void close() {
		if (this.connection != null) {
			try {
				this.connection.close();
			}
			catch (SQLException ex) {
				// closing a broken connection
			}
			this.connection = null;
		}
	}

	/**
	 * A participant: an organisation's participant type and id.
	 *
	 * @param organisationId the organisation
	 * @param type the participant type
	 * @param id the participant id
	 */
	private record Participant(long organisationId, int type, long id) implements Comparable<Participant> {

		@Override
		public int compareTo(Participant other) {
			int byOrganisation = Long.compare(this.organisationId, other.organisationId);
			if (byOrganisation != 0) {
				return byOrganisation;
			}
			int byType = Integer.compare(this.type, other.type);
			return (byType != 0) ? byType : Long.compare(this.id, other.id);
		}

	}

	/**
	 * An outbox row to number: its id and the participants of its events, in order.
	 *
	 * @param outboxId the outbox row's id
	 * @param organisationId the organisation of every event of the row
	 * @param types each event's participant type
	 * @param ids each event's participant id
	 */
	record Row(String outboxId, long organisationId, int[] types, long[] ids) {

		Row {
			if (types.length != ids.length) {
				throw new IllegalArgumentException("One type per participant id");
			}
		}

	}

}
