package dev.podium.badgeruleworker.rules;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import dev.podium.badgeruleworker.BadgeRuleWorkerApplication;
import dev.podium.contracts.BackfillRule;
import dev.podium.contracts.PointsRecorded;
import dev.podium.contracts.Topics;
import dev.podium.platform.inbox.Inbox;
import dev.podium.platform.kafka.IncomingMessage;
import dev.podium.platform.testing.BenchmarkReport;
import dev.podium.platform.testing.RealInfrastructure;
import dev.podium.platform.testing.TestMessages;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * (a) Evaluation throughput: a stream of {@code PointsRecorded} events over 100,000
 * participants ({@code -Dpodium.participants=N}) of an organisation with 20
 * lifetime-points rules, consumed by the worker (three consumers), against a baseline in
 * the same run: the same events consumed by a listener that only decodes them and records
 * their inbox rows, batch by batch, with the same consumers. (b) Back-fill of a rule over
 * 1,000,000 participants ({@code -Dpodium.backfill=N}) against a plain
 * {@code INSERT … SELECT} of as many grant rows. The plans of both grant statements go to
 * {@code badge-rule-worker/target/*-plan.txt}. Run with
 * {@code ./mvnw -pl badge-rule-worker -am verify -Dpodium.benchmarks -Dtest=RuleBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DskipITs}.
 */
@Tag("benchmark")
@SpringBootTest(classes = { BadgeRuleWorkerApplication.class, RuleBenchmark.Baseline.class },
		properties = { "spring.config.name=badge-rule-worker", "podium.worker.concurrency=3" })
@ContextConfiguration(initializers = RealInfrastructure.class)
class RuleBenchmark {

	private static final String WORKER_LISTENER = "badge-rule-worker-participant-events";

	static final String COMMAND = "./mvnw -pl badge-rule-worker -am verify -Dpodium.benchmarks -Dsurefire.failIfNoSpecifiedTests=false -DskipITs";

	@Autowired
	JdbcClient jdbc;

	@Autowired
	KafkaListenerEndpointRegistry registry;

	@Autowired
	TransactionTemplate tx;

	@Autowired
	RuleGrants grants;

	@Test
	void evaluationThroughput() throws Exception {
		int participants = Integer.getInteger("podium.participants", 100_000);
		int eventsEach = 2;
		BenchmarkReport report = BenchmarkReport
			.start(80, "RuleBenchmark-evaluation", "Badge auto-rules: evaluation throughput")
			.command(COMMAND + " -Dtest='RuleBenchmark#evaluationThroughput'")
			.size("podium.participants", participants);
		long organisation = organisation();
		for (int i = 1; i <= 20; i++) {
			long badge = badge(organisation, "points " + (100 * i));
			this.jdbc.sql("""
					insert into badge_rule (organisation_id, badge_id, rule_type, threshold) values (:o, :b, 2, :t)
					""").param("o", organisation).param("b", badge).param("t", 100 * i).update();
		}
		// Two ledger rows of 50 points per participant: each reaches the first rule
		// (100).
		List<long[]> ledgerRows = this.jdbc.sql("""
				insert into ledger (organisation_id, participant_type, participant_id, points, reason, notes)
				select :o, 2, p, 50, 3, 'bench' from generate_series(1, :each) e, generate_series(1, :n) p
				returning id, participant_id
				""")
			.param("o", organisation)
			.param("n", participants)
			.param("each", eventsEach)
			.query((rs, n) -> new long[] { rs.getLong(1), rs.getLong(2) })
			.list();
		this.jdbc.sql("vacuum analyze ledger").update();

		explain("evaluation-plan.txt", RuleStatements.grantListed(RuleStatements.LIFETIME_POINTS), rules(organisation),
				Map.of("organisations", repeat(organisation, 500), "types", repeat(2, 500), "ids",
						LongStream.rangeClosed(1, 500).boxed().toArray(Long[]::new), "kinds", new String[500]));
		this.registry.getListenerContainer(WORKER_LISTENER).stop();
		int events = produce(organisation, ledgerRows);
		Map<TopicPartition, Long> target = TestMessages.endOffsets(Topics.PARTICIPANT_EVENTS);

		long baselineStart = System.nanoTime();
		this.registry.getListenerContainer(Baseline.ID).start();
		TestMessages.awaitCommitted(Baseline.ID, target, Duration.ofHours(1));
		Duration baseline = Duration.ofNanos(System.nanoTime() - baselineStart);
		this.registry.getListenerContainer(Baseline.ID).stop();
		String loadBefore = load();

		long workerStart = System.nanoTime();
		this.registry.getListenerContainer(WORKER_LISTENER).start();
		TestMessages.awaitCommitted("badge-rule-worker", target, Duration.ofHours(1));
		Duration worker = Duration.ofNanos(System.nanoTime() - workerStart);

		long grants = count("badge_grant", organisation);
		assertThat(grants).isEqualTo(participants);
		assertThat(count("notification", organisation)).isEqualTo(participants);
		double baselineRate = events / seconds(baseline);
		double workerRate = events / seconds(worker);
		print("BENCHMARK baseline (decode + inbox rows per batch, 3 consumers): %d events in %.1f s, %.0f events/s",
				events, seconds(baseline), baselineRate);
		print("BENCHMARK evaluation (20 rules, %d participants, %d grants with notifications and events): "
				+ "%d events in %.1f s, %.0f events/s = %.2f x baseline", participants, grants, events, seconds(worker),
				workerRate, workerRate / baselineRate);
		print("BENCHMARK load average before: %s, after: %s", loadBefore, load());
		report.description(BenchmarkReport
			.format("`RuleBenchmark` runs the badge-rule-worker alone (three consumers, its relay on). One organisation with "
					+ "20 lifetime-points rules and %,d users with two ledger rows of 50 points; %,d `PointsRecorded` "
					+ "events are produced while the worker's listener is stopped, then consumed: each participant "
					+ "reaches the first rule (a grant, its notification and `BadgeGranted` event each). Baseline, same "
					+ "run, same events: a batch listener with the same three consumers that decodes each event and "
					+ "writes the batch's inbox rows in one transaction, nothing else.", participants, events))
			.row("evaluation: inbox, 20 rules, grants + notifications + events",
					BenchmarkReport.format("%.1f s, %,.0f events/s", seconds(worker), workerRate),
					BenchmarkReport.format("%.1f s, %,.0f events/s", seconds(baseline), baselineRate),
					BenchmarkReport.ratio(workerRate, baselineRate))
			.write();
	}

	@Test
	void backfillOfAMillion() throws Exception {
		int participants = Integer.getInteger("podium.backfill", 1_000_000);
		BenchmarkReport report = BenchmarkReport
			.start(81, "RuleBenchmark-backfill", "Badge auto-rules: back-fill of a new rule")
			.command(COMMAND + " -Dtest='RuleBenchmark#backfillOfAMillion'")
			.size("podium.backfill", participants);
		long organisation = organisation();
		long badge = badge(organisation, "backfilled");
		this.jdbc.sql("""
				insert into ledger (organisation_id, participant_type, participant_id, points, reason, notes)
				select :o, 2, p, 100, 3, 'bench' from generate_series(1, :n) p
				""").param("o", organisation).param("n", participants).update();
		long rule = this.jdbc.sql("""
				insert into badge_rule (organisation_id, badge_id, rule_type, threshold) values (:o, :b, 2, 100)
				returning id
				""").param("o", organisation).param("b", badge).query(Long.class).single();
		// Baseline: as many grant rows of another badge, with a plain INSERT ... SELECT.
		long other = organisation();
		long otherBadge = badge(other, "baseline");
		long otherRule = this.jdbc.sql("""
				insert into badge_rule (organisation_id, badge_id, rule_type, threshold) values (:o, :b, 2, 100)
				returning id
				""").param("o", other).param("b", otherBadge).query(Long.class).single();
		this.jdbc.sql("vacuum analyze").update();

		long baselineStart = System.nanoTime();
		int inserted = this.jdbc.sql("""
				insert into badge_grant (organisation_id, badge_id, participant_type, participant_id, source, rule_id)
				select :o, :b, 2, p, 'rule', :r from generate_series(1, :n) p
				""").param("o", other).param("b", otherBadge).param("r", otherRule).param("n", participants).update();
		Duration baseline = Duration.ofNanos(System.nanoTime() - baselineStart);
		assertThat(inserted).isEqualTo(participants);
		String loadBefore = load();

		Map<String, Object> preview = runJob(organisation, rule, true);
		Map<String, Object> backfill = runJob(organisation, rule, false);
		// After the job, with a rule of another badge: the plan's rolled-back rows must
		// not
		// sit in the way of the measured run.
		long planned = this.jdbc.sql("""
				insert into badge_rule (organisation_id, badge_id, rule_type, threshold) values (:o, :b, 2, 100)
				returning id
				""").param("o", organisation).param("b", badge(organisation, "planned")).query(Long.class).single();
		explain("backfill-plan.txt", RuleStatements.grantEveryone(RuleStatements.LIFETIME_POINTS),
				new Long[] { planned }, Map.of());

		assertThat(((Number) backfill.get("granted")).longValue()).isEqualTo(participants);
		assertThat(count("notification", organisation)).isEqualTo(participants);
		print("BENCHMARK baseline: INSERT ... SELECT of %d grant rows: %.1f s, %.0f rows/s", participants,
				seconds(baseline), participants / seconds(baseline));
		print("BENCHMARK preview of the back-fill (count who qualifies): %.1f s", (double) preview.get("seconds"));
		print("BENCHMARK back-fill of %d participants (grants + notifications + events, one transaction): %.1f s, "
				+ "%.0f grants/s = %.2f x baseline", participants, (double) backfill.get("seconds"),
				participants / (double) backfill.get("seconds"), seconds(baseline) / (double) backfill.get("seconds"));
		print("BENCHMARK load average before: %s, after: %s", loadBefore, load());
		double jobSeconds = (double) backfill.get("seconds");
		report.description(BenchmarkReport.format(
				"One organisation with %,d users of 100 points each (one ledger row) and a new rule \"100 points\": the "
						+ "back-fill job grants all of them, each with its notification and event, in one transaction "
						+ "(`started_at` to `finished_at`). Baseline, same run: a plain `INSERT … SELECT` of as many rule "
						+ "grants (another organisation's badge) into the same table. The plan goes to "
						+ "`badge-rule-worker/target/backfill-plan.txt`.",
				participants))
			.row("preview job (count who qualifies, writes nothing)",
					BenchmarkReport.format("%.1f s", (double) preview.get("seconds")))
			.row("back-fill job: grants + notifications + events",
					BenchmarkReport.format("%.1f s, %,.0f grants/s", jobSeconds, participants / jobSeconds),
					BenchmarkReport.format("%.1f s, %,.0f rows/s", seconds(baseline), participants / seconds(baseline)),
					BenchmarkReport.ratio(participants / jobSeconds, participants / seconds(baseline)))
			.write();
	}

	private Long[] rules(long organisation) {
		return this.jdbc.sql("select id from badge_rule where organisation_id = :o")
			.param("o", organisation)
			.query(Long.class)
			.list()
			.toArray(Long[]::new);
	}

	private static Object[] repeat(Object value, int times) {
		Object[] values = (value instanceof Long) ? new Long[times] : new Integer[times];
		Arrays.fill(values, value);
		return values;
	}

	/**
	 * Writes a grant statement's {@code EXPLAIN (ANALYZE, BUFFERS)} to
	 * {@code target/<file>}, in a transaction that is rolled back (with the back-fill's
	 * {@code work_mem}).
	 */
	private void explain(String file, String statement, Long[] rules, Map<String, ?> scope) throws Exception {
		List<String> plan = this.tx.execute((status) -> {
			status.setRollbackOnly();
			this.jdbc.sql("set local work_mem = '256MB'").update();
			List<String> lines = new ArrayList<>(this.jdbc.sql("explain (analyze, buffers) " + statement)
				.params(scope)
				.param("rules", rules)
				.param("now", OffsetDateTime.now())
				.param("eventType", "podium.badge.granted.v1")
				.query(String.class)
				.list());
			// Then the events of the grants just written, timed as the worker writes
			// them.
			Written written = new Written();
			this.jdbc.sql("""
					select organisation_id, count(*), min(id), max(id) from badge_grant
					where xmin = pg_current_xact_id()::xid group by organisation_id
					""")
				.query((rs, n) -> new Written.Range(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
				.list()
				.forEach(written::add);
			long start = System.nanoTime();
			this.grants.announce(written, Instant.now());
			lines.add(String.format("Then RuleGrants#announce of %d events: %.1f s", written.granted(),
					(System.nanoTime() - start) / 1e9));
			return lines;
		});
		Files.write(Path.of("target", file), plan);
	}

	/** Queues a back-fill job and its command, and answers its result and run time. */
	private Map<String, Object> runJob(long organisation, long rule, boolean preview) throws InterruptedException {
		long job = this.jdbc.sql("insert into job (organisation_id, type) values (:o, 'rule-backfill') returning id")
			.param("o", organisation)
			.query(Long.class)
			.single();
		RuleWorkerTestSupport.send(RuleWorkerTestSupport.record(Topics.RULE_COMMANDS, Long.toString(rule),
				BackfillRule.TYPE, new BackfillRule(organisation, job, rule, preview)));
		Map<String, Object> row;
		do {
			Thread.sleep(200);
			row = this.jdbc.sql("""
					select status, result::text as result,
					       extract(epoch from finished_at - started_at)::float8 as seconds
					from job where id = :id
					""").param("id", job).query().singleRow();
		}
		while ("queued".equals(row.get("status")) || "running".equals(row.get("status")));
		assertThat(row.get("status")).as(String.valueOf(row)).isEqualTo("succeeded");
		Map<String, Object> result = new HashMap<>(
				RuleWorkerTestSupport.JSON.readValue((String) row.get("result"), Map.class));
		result.put("seconds", row.get("seconds"));
		return result;
	}

	/**
	 * One {@code PointsRecorded} per ledger row (id, participant), as the relay would.
	 */
	private int produce(long organisation, List<long[]> ledgerRows) throws InterruptedException, ExecutionException {
		Properties props = new Properties();
		props.put("bootstrap.servers", RealInfrastructure.bootstrapServers());
		props.put("key.serializer", StringSerializer.class.getName());
		props.put("value.serializer", StringSerializer.class.getName());
		props.put("linger.ms", 20);
		props.put("batch.size", 256 * 1024);
		int events = 0;
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
			List<Future<?>> sends = new ArrayList<>();
			Instant now = Instant.now();
			for (long[] row : ledgerRows) {
				long participant = row[1];
				ProducerRecord<String, String> record = new ProducerRecord<>(Topics.PARTICIPANT_EVENTS,
						"2:" + participant,
						RuleWorkerTestSupport.JSON.writeValueAsString(new PointsRecorded(organisation, row[0], 2,
								participant, null, 50, 3, null, "bench", now)));
				record.headers().add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
				record.headers().add("ce_type", PointsRecorded.TYPE.getBytes(StandardCharsets.UTF_8));
				sends.add(producer.send(record));
				events++;
			}
			producer.flush();
			for (Future<?> send : sends) {
				send.get();
			}
		}
		return events;
	}

	private long organisation() {
		return this.jdbc.sql("insert into organisation (name) values (:n) returning id")
			.param("n", "bench-" + UUID.randomUUID())
			.query(Long.class)
			.single();
	}

	private long badge(long organisation, String name) {
		return this.jdbc.sql("insert into badge (organisation_id, name) values (:o, :n) returning id")
			.param("o", organisation)
			.param("n", name)
			.query(Long.class)
			.single();
	}

	private long count(String table, long organisation) {
		return this.jdbc.sql("select count(*) from " + table + " where organisation_id = :o")
			.param("o", organisation)
			.query(Long.class)
			.single();
	}

	private static double seconds(Duration duration) {
		return duration.toMillis() / 1000.0;
	}

	private static String load() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).trim();
		}
		catch (Exception ex) {
			return "unknown";
		}
	}

	private static void print(String format, Object... args) {
		System.out.println(String.format(format, args));
	}

	/**
	 * The baseline: the same events, decoded and recorded in the inbox batch by batch in
	 * one transaction each, nothing else. Started by the benchmark only.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class Baseline {

		static final String ID = "benchmark-baseline";

		@Bean
		BaselineListener baselineListener(Inbox inbox, TransactionTemplate tx) {
			return new BaselineListener(inbox, tx);
		}

	}

	static class BaselineListener {

		private final Inbox inbox;

		private final TransactionTemplate tx;

		BaselineListener(Inbox inbox, TransactionTemplate tx) {
			this.inbox = inbox;
			this.tx = tx;
		}

		@KafkaListener(id = Baseline.ID, topics = Topics.PARTICIPANT_EVENTS, groupId = Baseline.ID, concurrency = "3",
				batch = "true", autoStartup = "false")
		void on(List<ConsumerRecord<String, String>> records) {
			List<UUID> ids = new ArrayList<>(records.size());
			List<String> types = new ArrayList<>(records.size());
			for (ConsumerRecord<String, String> record : records) {
				IncomingMessage message = IncomingMessage.of(record);
				if (PointsRecorded.TYPE.equals(message.type())) {
					message.as(PointsRecorded.class);
					ids.add(message.id());
					types.add(message.type());
				}
			}
			this.tx.executeWithoutResult((status) -> this.inbox.firstTimes(Baseline.ID, ids, types));
		}

	}

}
