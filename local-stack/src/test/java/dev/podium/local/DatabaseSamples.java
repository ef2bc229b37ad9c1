package dev.podium.local;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.podium.platform.testing.RealInfrastructure;

/**
 * The database's side of a benchmark's profile: what every other server process is doing
 * ({@code pg_stat_activity}), sampled every 200 ms on one connection of its own from
 * {@link #start()} to {@link #close()}. Each sample of a process counts once under its
 * application (every Podium app names its connections after itself), the statement's
 * beginning and what it waits for ({@code on CPU} when nothing); idle processes are not
 * counted.
 */
final class DatabaseSamples implements AutoCloseable {

	private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

	private final AtomicInteger rounds = new AtomicInteger();

	private volatile boolean running = true;

	private final Thread sampler;

	private DatabaseSamples() {
		this.sampler = Thread.ofPlatform().name("database-samples").daemon().start(this::sample);
	}

	static DatabaseSamples start() {
		return new DatabaseSamples();
	}

	private void sample() {
		try (Connection connection = RealInfrastructure.dataSource()
			.getConnection(); PreparedStatement statement = connection.prepareStatement("""
					select case when backend_type = 'client backend' then coalesce(nullif(application_name, ''), '?')
					            else backend_type end,
					       case when backend_type = 'client backend'
					            then left(regexp_replace(query, '\\s+', ' ', 'g'), 48) else '' end,
					       coalesce(wait_event_type || ':' || wait_event, 'on CPU')
					from pg_stat_activity
					where pid <> pg_backend_pid() and (state is null or state = 'active')
					  and coalesce(wait_event_type, '') not in ('Activity', 'Client')
					""")) {
			while (this.running) {
				try (ResultSet rs = statement.executeQuery()) {
					while (rs.next()) {
						this.counts
							.computeIfAbsent(rs.getString(1) + " | " + rs.getString(2) + " | " + rs.getString(3),
									(key) -> new AtomicInteger())
							.incrementAndGet();
					}
				}
				this.rounds.incrementAndGet();
				Thread.sleep(200);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * The most frequent states, most first, as printable lines: samples, processes in
	 * that state on average (samples ÷ rounds), {@code application | statement | wait}.
	 */
	List<String> top(int lines) {
		int total = Math.max(1, this.rounds.get());
		return this.counts.entrySet()
			.stream()
			.sorted(Comparator.comparingInt((Map.Entry<String, AtomicInteger> e) -> e.getValue().get()).reversed())
			.limit(lines)
			.map((e) -> String.format("%6d  %5.2f  %s", e.getValue().get(), (double) e.getValue().get() / total,
					e.getKey()))
			.toList();
	}

	int rounds() {
		return this.rounds.get();
	}

	@Override
	public void close() throws InterruptedException {
		this.running = false;
		this.sampler.join();
	}

}
