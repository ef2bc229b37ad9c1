package dev.podium.notificationworker.notifying;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.podium.notificationworker.NotificationWorkerApplication;
import dev.podium.platform.testing.BenchmarkReport;
import dev.podium.platform.testing.RealInfrastructure;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The close notifications of a challenge with many participants (default 1,000,000;
 * {@code -Dpodium.participants=N}): {@code EXPLAIN (ANALYZE, BUFFERS)} of the one
 * {@code INSERT … SELECT} ({@link Notifications#CLOSES}), next to a baseline measured in
 * the same run: an insert of as many notifications from {@code generate_series} (no join,
 * no results read). Each statement runs in a transaction that is rolled back. Run with
 * {@code ./mvnw -pl notification-worker -am verify -Dpodium.benchmarks -Dtest=CloseNotificationsBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DskipITs}.
 */
@Tag("benchmark")
@SpringBootTest(classes = NotificationWorkerApplication.class,
		properties = { "spring.config.name=notification-worker", "podium.relay.enabled=false" })
@ContextConfiguration(initializers = RealInfrastructure.class)
class CloseNotificationsBenchmark {

	static final String COMMAND = "./mvnw -pl notification-worker -am verify -Dpodium.benchmarks -Dtest=CloseNotificationsBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DskipITs";

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate tx;

	@Test
	void closeNotificationsOfManyParticipants() {
		int participants = Integer.getInteger("podium.participants", 1_000_000);
		BenchmarkReport report = BenchmarkReport
			.start(100, "CloseNotificationsBenchmark", "Close notifications of many participants")
			.command(COMMAND)
			.size("podium.participants", participants)
			.description(BenchmarkReport
				.format("`CloseNotificationsBenchmark` writes a closed challenge with %,d results and runs `EXPLAIN (ANALYZE, "
						+ "BUFFERS)` of the notification-worker's close statement (`Notifications.CLOSES`: one "
						+ "`INSERT … SELECT` from `challenge_result`), each in a transaction that is rolled back. "
						+ "Baseline, same run: an insert of as many notifications (same columns) from `generate_series`, "
						+ "reading nothing. A third statement is the close statement with the organisation foreign key "
						+ "that V16 dropped, re-added `not valid` inside its transaction.", participants));
		long organisation = this.jdbc.sql("insert into organisation (name) values (:n) returning id")
			.param("n", "bench-" + UUID.randomUUID())
			.query(Long.class)
			.single();
		long challenge = this.jdbc.sql("""
				insert into challenge (organisation_id, name, metric, scope, start_date, end_date, closed, closed_at)
				values (:o, 'bench', 0, 2, '2026-10-01', '2026-10-31', true, now()) returning id
				""").param("o", organisation).query(Long.class).single();
		this.jdbc.sql("""
				insert into challenge_result (challenge_id, participant_type, participant_id, metric_value, met, rank,
				                              computed_at)
				select :c, 2, n, n, n <= 1000, n, now() from generate_series(1, :n) n
				""").param("c", challenge).param("n", participants).update();
		this.jdbc.sql("vacuum analyze challenge_result").update();
		this.jdbc.sql("analyze notification").update();

		String baseline = """
				insert into notification (organisation_id, participant_type, participant_id, kind, title, body,
				                          event_id, created_at)
				select :o, 2, n, 'challenge_closed', 'Challenge closed: bench (rank ' || n || ')',
				       jsonb_build_object('challengeid', 1, 'challengename', 'bench', 'rank', n, 'met', false, 'value', n),
				       md5(:event || '/2:' || n)::uuid, now()
				from generate_series(1, :n) n
				""";
		for (int round = 1; round <= 2; round++) {
			long start = System.nanoTime();
			List<String> plan = explain("explain (analyze, buffers) " + baseline,
					(s) -> this.jdbc.sql(s)
						.param("o", organisation)
						.param("event", UUID.randomUUID().toString())
						.param("n", participants));
			long base = print("baseline (generate_series), round " + round, start, plan);
			start = System.nanoTime();
			plan = explain("explain (analyze, buffers) " + Notifications.CLOSES,
					(s) -> this.jdbc.sql(s)
						.param("events", new UUID[] { UUID.randomUUID() })
						.param("organisations", new Long[] { organisation })
						.param("challenges", new Long[] { challenge })
						.param("names", new String[] { "bench" })
						.param("times", new String[] { null }));
			long close = print("close notifications (INSERT … SELECT from challenge_result), round " + round, start,
					plan);
			start = System.nanoTime();
			plan = explain("explain (analyze, buffers) " + Notifications.CLOSES, (s) -> {
				// As before V16: the organisation foreign key, checked per row.
				this.jdbc.sql("""
						alter table notification add constraint bench_organisation_key
						    foreign key (organisation_id) references organisation (id) not valid
						""").update();
				return this.jdbc.sql(s)
					.param("events", new UUID[] { UUID.randomUUID() })
					.param("organisations", new Long[] { organisation })
					.param("challenges", new Long[] { challenge })
					.param("names", new String[] { "bench" })
					.param("times", new String[] { null });
			});
			long keyed = print("close notifications with the organisation foreign key (before V16), round " + round,
					start, plan);
			String baseText = BenchmarkReport.format("%.1f s", base / 1000.0);
			report
				.row(BenchmarkReport.format("round %d: close statement, %,d notifications from the results", round,
						participants), BenchmarkReport.format("%.1f s", close / 1000.0), baseText,
						BenchmarkReport.ratio(close, base))
				.row(BenchmarkReport.format("round %d: close statement with the organisation foreign key (before V16)",
						round), BenchmarkReport.format("%.1f s", keyed / 1000.0), baseText,
						BenchmarkReport.ratio(keyed, base));
		}
		report.write();
	}

	private List<String> explain(String statement, java.util.function.Function<String, JdbcClient.StatementSpec> spec) {
		return this.tx.execute((status) -> {
			List<String> plan = spec.apply(statement).query(String.class).list();
			status.setRollbackOnly();
			return plan;
		});
	}

	private static long print(String what, long start, List<String> plan) {
		long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
		System.out.println("=== " + what + ": " + millis + " ms");
		plan.forEach(System.out::println);
		return millis;
	}

}
