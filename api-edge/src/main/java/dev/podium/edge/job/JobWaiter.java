package dev.podium.edge.job;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Wakes requests that wait for a job's end. One dedicated connection per edge instance
 * LISTENs on {@code podium_job_finished}, which a trigger on the job table notifies when
 * a job ends; each notification completes the futures waiting for that job. If the
 * connection drops, every waiter is woken to read the job again, and the connection is
 * opened anew.
 */
public class JobWaiter implements SmartLifecycle {

	static final String CHANNEL = "podium_job_finished";

	private static final Logger log = LoggerFactory.getLogger(JobWaiter.class);

	private final String url;

	private final String user;

	private final String password;

	private final Map<Long, Set<CompletableFuture<Void>>> waiting = new ConcurrentHashMap<>();

	private final CompletableFuture<Void> listening = new CompletableFuture<>();

	private volatile boolean running;

	private volatile Thread listener;

	public JobWaiter(String url, String user, String password) {
		this.url = url;
		this.user = user;
		this.password = password;
	}

	/**
	 * Registers interest in a job's end; register before reading the job, so that an end
	 * between the read and the wait is not missed.
	 */
	public CompletableFuture<Void> register(long jobId) {
		CompletableFuture<Void> future = new CompletableFuture<>();
		this.waiting.computeIfAbsent(jobId, (id) -> ConcurrentHashMap.newKeySet()).add(future);
		return future;
	}

	public void unregister(long jobId, CompletableFuture<Void> future) {
		this.waiting.computeIfPresent(jobId, (id, set) -> {
			set.remove(future);
			return set.isEmpty() ? null : set;
		});
	}

	/** Completes once the listening connection is up (for tests and readiness). */
	public CompletableFuture<Void> listening() {
		return this.listening;
	}

	@Override
	public void start() {
		this.running = true;
		this.listener = Thread.ofPlatform().name("job-waiter").daemon().start(this::listen);
	}

	@Override
	public void stop() {
		this.running = false;
		Thread thread = this.listener;
		if (thread != null) {
			thread.interrupt();
		}
		wakeAll();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void listen() {
		while (this.running) {
			try (Connection connection = DriverManager.getConnection(this.url, this.user, this.password)) {
				try (Statement statement = connection.createStatement()) {
					statement.execute("LISTEN " + CHANNEL);
				}
				this.listening.complete(null);
				PGConnection pg = connection.unwrap(PGConnection.class);
				// Anything that ended while we were not listening is read again by its
				// waiter.
				wakeAll();
				while (this.running) {
					PGNotification[] notifications = pg.getNotifications(1000);
					if (notifications != null) {
						for (PGNotification notification : notifications) {
							wake(Long.parseLong(notification.getParameter()));
						}
					}
				}
			}
			catch (SQLException | RuntimeException ex) {
				if (this.running) {
					log.warn("Job waiter lost its connection; reconnecting", ex);
					wakeAll();
					pause(Duration.ofSeconds(1));
				}
			}
		}
	}

	private void wake(long jobId) {
		Set<CompletableFuture<Void>> futures = this.waiting.remove(jobId);
		if (futures != null) {
			futures.forEach((f) -> f.complete(null));
		}
	}

	private void wakeAll() {
		this.waiting.keySet().forEach(this::wake);
	}

	private static void pause(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
