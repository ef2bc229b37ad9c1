package dev.podium.platform.relay;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
	Map<String, long[]> assign(List<Row> rows) throws SQLException {
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
		// How many numbers each participant needs, in key order (the order the counters
		// are locked in).
		Map<Participant, Long> needed = new TreeMap<>();
		for (Row row : rows) {
			for (Participant participant : row.participants()) {
				needed.merge(participant, 1L, Long::sum);
			}
		}
		Map<Participant, Long> next = new HashMap<>();
		try (PreparedStatement upsert = c.prepareStatement("""
				insert into participant_sequence as s (organisation_id, participant_type, participant_id, last_sequence)
				select * from unnest(?::bigint[], ?::smallint[], ?::bigint[], ?::bigint[])
				on conflict (organisation_id, participant_type, participant_id)
				do update set last_sequence = s.last_sequence + excluded.last_sequence
				returning organisation_id, participant_type, participant_id, last_sequence
				""")) {
			upsert.setArray(1, array(c, "bigint", needed.keySet().stream().map(Participant::organisationId)));
			upsert.setArray(2, array(c, "smallint", needed.keySet().stream().map(Participant::type)));
			upsert.setArray(3, array(c, "bigint", needed.keySet().stream().map(Participant::id)));
			upsert.setArray(4, array(c, "bigint", needed.values().stream()));
			try (ResultSet rs = upsert.executeQuery()) {
				while (rs.next()) {
					Participant participant = new Participant(rs.getLong(1), rs.getInt(2), rs.getLong(3));
					next.put(participant, rs.getLong(4) - needed.get(participant) + 1);
				}
			}
		}
		Map<String, long[]> numbers = new LinkedHashMap<>();
		try (PreparedStatement remember = c
			.prepareStatement("insert into relay_sequence (outbox_id, sequences) values (?::uuid, ?)")) {
			for (Row row : rows) {
				long[] sequences = new long[row.participants().size()];
				for (int i = 0; i < sequences.length; i++) {
					sequences[i] = next.merge(row.participants().get(i), 1L, Long::sum) - 1;
				}
				numbers.put(row.outboxId(), sequences);
				remember.setString(1, row.outboxId());
				remember.setArray(2, c.createArrayOf("bigint", java.util.Arrays.stream(sequences).boxed().toArray()));
				remember.addBatch();
			}
			remember.executeBatch();
		}
		return numbers;
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

	private static Array array(Connection c, String type, java.util.stream.Stream<?> values) throws SQLException {
		return c.createArrayOf(type, values.toArray());
	}

	private Connection connection() throws SQLException {
		if (this.connection == null || this.connection.isClosed()) {
			this.connection = DriverManager.getConnection(this.url, this.user, this.password);
			this.connection.setAutoCommit(false);
		}
		return this.connection;
	}

	@Override
	public void close() {
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
	 * A participant: the organisation and the {@code "<type>:<id>"} of an event's key.
	 *
	 * @param organisationId the organisation
	 * @param type the participant type
	 * @param id the participant id
	 */
	record Participant(long organisationId, int type, long id) implements Comparable<Participant> {

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
	 * @param participants one per event
	 */
	record Row(String outboxId, List<Participant> participants) {

		Row {
			participants = new ArrayList<>(participants);
		}

	}

}
