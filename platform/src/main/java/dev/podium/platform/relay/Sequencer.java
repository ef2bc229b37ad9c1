package dev.podium.platform.relay;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
		int total = rows.stream().mapToInt((row) -> row.ids().length).sum();
		long[] organisations = new long[total];
		int[] types = new int[total];
		long[] ids = new long[total];
		int n = 0;
		for (Row row : rows) {
			Arrays.fill(organisations, n, n + row.ids().length, row.organisationId());
			System.arraycopy(row.types(), 0, types, n, row.types().length);
			System.arraycopy(row.ids(), 0, ids, n, row.ids().length);
			n += row.ids().length;
		}
		// One statement: each participant's counter moves by as many numbers as the batch
		// needs (the counters locked in key order), and every event gets its number, in
		// the batch's order.
		long[] numbers = new long[total];
		PgConnection pg = c.unwrap(PgConnection.class);
		try (PreparedStatement upsert = c.prepareStatement(
				"""
						with e as (
						    select o, t::smallint as t, p, n
						    from unnest(?::bigint[], ?::int[], ?::bigint[]) with ordinality as e (o, t, p, n)),
						needed as (
						    select o, t, p, count(*) as k from e group by o, t, p),
						counters as (
						    insert into participant_sequence as s (organisation_id, participant_type, participant_id, last_sequence)
						    select o, t, p, k from needed order by o, t, p
						    on conflict (organisation_id, participant_type, participant_id)
						    do update set last_sequence = s.last_sequence + excluded.last_sequence
						    returning organisation_id as o, participant_type as t, participant_id as p, last_sequence as last)
						select c.last - x.k + row_number() over (partition by e.o, e.t, e.p order by e.n)
						from e join counters c using (o, t, p) join needed x using (o, t, p)
						order by e.n
						""")) {
			upsert.setArray(1, pg.createArrayOf("bigint", organisations));
			upsert.setArray(2, pg.createArrayOf("int4", types));
			upsert.setArray(3, pg.createArrayOf("bigint", ids));
			upsert.setFetchSize(50_000);
			try (ResultSet rs = upsert.executeQuery()) {
				for (int i = 0; rs.next(); i++) {
					numbers[i] = rs.getLong(1);
				}
			}
		}
		Map<String, long[]> byRow = new LinkedHashMap<>();
		try (PreparedStatement remember = c
			.prepareStatement("insert into relay_sequence (outbox_id, sequences) values (?::uuid, ?)")) {
			int from = 0;
			for (Row row : rows) {
				long[] sequences = Arrays.copyOfRange(numbers, from, from + row.ids().length);
				from += row.ids().length;
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
