package dev.podium.local;

import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.podium.contracts.ActivityRecorded;
import dev.podium.contracts.Topics;
import dev.podium.platform.activity.Activities;
import dev.podium.platform.testing.BenchmarkReport;
import dev.podium.platform.testing.RealInfrastructure;
import dev.podium.platform.testing.TestTenant;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ingestion: activities/s sustained from {@code POST /activities} until they are rows of
 * the {@code activity} table (edge → Kafka with {@code acks=all} → close-worker → one
 * {@code INSERT … SELECT} per poll), against a raw Kafka produce of the same payloads
 * ({@code acks=all}, same partitions) in the same run. Default 500,000 activities in
 * batches of 10,000 from 4 concurrent clients ({@code -Dpodium.activities=N}). Run with
 * {@code ./mvnw -pl local-stack -am verify -Dpodium.benchmarks -Dtest=IngestionBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DskipITs}.
 */
@Tag("benchmark")
class IngestionBenchmark {

	private static final int BATCH = 10_000;

	private static final int CLIENTS = 4;

	/** The workers' poll: up to 5,000 records ({@code podium.activities.max-batch}). */
	private static final int POLL = 5_000;

	static final String COMMAND = "./mvnw -pl local-stack -am verify -Dpodium.benchmarks -Dtest=IngestionBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DskipITs";

	@Test
	void activitiesFromHttpToTheTableAgainstARawProduce() throws Exception {
		int total = Integer.getInteger("podium.activities", 500_000) / BATCH * BATCH;
		BenchmarkReport report = BenchmarkReport
			.start(60, "IngestionBenchmark", "Ingestion: activities from HTTP to the table against a raw produce")
			.command(COMMAND)
			.size("podium.activities", total);
		LocalStack stack = SharedStack.get();
		TestTenant tenant = TestTenant.create(stack.apps().get(0));
		JdbcClient jdbc = JdbcClient.create(RealInfrastructure.dataSource());
		List<List<String>> batches = payloads("a-", total);
		// Warm-up (not measured): every path below runs once at a tenth of the size, so
		// that
		// the figures are of compiled code, as in a long-running process, for the
		// baseline and the system alike.
		List<List<String>> warmUp = payloads("w-", Math.max(BATCH, total / 10 / BATCH * BATCH));
		String scratch = scratchTopic();
		rawProduce(warmUp, scratch);
		post(stack, tenant, warmUp);
		awaitRows(jdbc, tenant.organisationId(), warmUp.size() * BATCH);

		double raw = rawProduce(batches, scratch);
		double copy = copyCeiling(jdbc, batches);

		String walBefore = jdbc.sql("select pg_current_wal_lsn()::text").query(String.class).single();
		DatabaseSamples samples = DatabaseSamples.start();
		Instant from = Instant.now();
		long start = System.nanoTime();
		post(stack, tenant, batches);
		double accepted = seconds(start);
		awaitRows(jdbc, tenant.organisationId(), total + warmUp.size() * BATCH);
		double stored = seconds(start);
		Instant to = Instant.now();
		samples.close();
		String wal = jdbc.sql("select pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(), :before::pg_lsn))")
			.param("before", walBefore)
			.query(String.class)
			.single();

		// The statement's shapes are measured after the pipeline, so that its table is
		// as large as in the runs before them.
		double[] shapes = statementShapes(jdbc, total);
		double statement = shapes[0];
		double staged = shapes[1];
		double rate = total / stored;
		System.out
			.println(String.format("BENCHMARK raw Kafka produce of %d activity payloads (acks=all): %.1f s, %.0f/s",
					total, total / raw, raw));
		System.out.println(String.format(
				"BENCHMARK COPY of the same %d rows into activity (2 sessions): %.0f/s = %.2f x raw produce: the table's ceiling",
				total, copy, copy / raw));
		System.out.println(String.format(
				"BENCHMARK the workers' statement (unnest arrays, ON CONFLICT DO NOTHING), %d rows a call, 2 sessions: %.0f/s = %.2f x COPY",
				POLL, statement, statement / copy));
		System.out.println(String.format(
				"BENCHMARK COPY into a temporary table + INSERT ... SELECT ... ON CONFLICT DO NOTHING, %d rows a transaction, 2 sessions, interleaved with the line above: %.0f/s = %.2f x the workers' statement",
				POLL, staged, staged / statement));
		System.out.println(String.format(
				"BENCHMARK POST /activities (%d clients, %d per request): all accepted after %.1f s, all in the table after %.1f s: %.0f activities/s = %.2f x raw produce",
				CLIENTS, BATCH, accepted, stored, rate, rate / raw));
		// The window to read a Flight Recorder profile of this JVM over
		// (docs/benchmark-notes.md#ingestion).
		System.out.println("BENCHMARK measured from " + from + " to " + to);
		System.out.println(String.format(
				"BENCHMARK WAL written meanwhile: %s; pg_stat_activity every 200 ms (%d rounds), samples, processes on average, application | statement | wait:",
				wal, samples.rounds()));
		samples.top(30).forEach((line) -> System.out.println("BENCHMARK   " + line));
		report.description(BenchmarkReport
			.format("`IngestionBenchmark` first produces %,d activity payloads straight to a scratch topic with the same "
					+ "partitions (`acks=all`): the baseline. Then %d clients `POST /activities` the same payloads as "
					+ "NDJSON, %,d per request; the edge validates each row and produces it (`acks=all`); the "
					+ "close-worker persists each poll with one `INSERT … SELECT` (the badge-rule-worker counts the "
					+ "rows once the close-worker has written them, decision 18). Measured until the last row is in "
					+ "`activity`. Target: ≥ 0.3 × the raw produce (issue 16). The ceiling: the same rows `COPY`d straight into "
					+ "`activity` (another organisation, two sessions at once, into its primary key, five indexes and foreign key), "
					+ "which is as fast as that table takes rows on this machine. Both sides ran once at a tenth "
					+ "of the size first (warm-up, not measured).", total, CLIENTS, BATCH))
			.row("the table's ceiling: `COPY` into `activity`", BenchmarkReport.format("%,.0f/s", copy),
					BenchmarkReport.format("raw produce %,.0f/s", raw), BenchmarkReport.ratio(copy, raw))
			.row("the workers' statement alone (`unnest`, `ON CONFLICT DO NOTHING`, 5,000 rows a call, 2 sessions)",
					BenchmarkReport.format("%,.0f/s", statement), BenchmarkReport.format("`COPY` %,.0f/s", copy),
					BenchmarkReport.ratio(statement, copy))
			.row("`COPY` into a temporary table + `INSERT … ON CONFLICT DO NOTHING` (5,000 a transaction, 2 sessions, interleaved with the line above)",
					BenchmarkReport.format("%,.0f/s", staged),
					BenchmarkReport.format("the workers' statement %,.0f/s", statement),
					BenchmarkReport.ratio(staged, statement))
			.row("all accepted by the edge", BenchmarkReport.format("%.1f s: %,.0f/s", accepted, total / accepted),
					BenchmarkReport.format("raw produce %,.0f/s", raw), BenchmarkReport.ratio(total / accepted, raw))
			.row("all in the table (target ≥ 0.3)", BenchmarkReport.format("%.1f s: %,.0f/s", stored, rate),
					BenchmarkReport.format("raw produce %,.0f/s", raw), "**" + BenchmarkReport.ratio(rate, raw) + "**")
			.row("all in the table, against the table's ceiling", BenchmarkReport.format("%,.0f/s", rate),
					BenchmarkReport.format("`COPY` %,.0f/s", copy), BenchmarkReport.ratio(rate, copy))
			.write();
	}

	private static List<List<String>> payloads(String prefix, int total) {
		List<List<String>> batches = new ArrayList<>();
		for (int b = 0; b < total / BATCH; b++) {
			List<String> batch = new ArrayList<>(BATCH);
			for (int i = 0; i < BATCH; i++) {
				int n = b * BATCH + i;
				batch.add("{\"id\":\"" + prefix + n + "\",\"occurredat\":\"" + occurredAt(n)
						+ "\",\"participants\":{\"site\":" + (n % 10) + ",\"unit\":" + (n % 100) + ",\"user\":"
						+ (n % 100_000) + "},\"kind\":\"observation\",\"outcome\":" + (n % 3 != 0)
						+ ",\"attributes\":{\"moment\":\"" + (1 + n % 5) + "\"}}");
			}
			batches.add(batch);
		}
		return batches;
	}

	private static String occurredAt(int n) {
		return "2026-10-" + String.format("%02d", 1 + n % 28) + "T10:15:00Z";
	}

	private static void post(LocalStack stack, TestTenant tenant, List<List<String>> batches) throws Exception {
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		AtomicInteger next = new AtomicInteger();
		try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
			List<Future<?>> running = new ArrayList<>();
			for (int c = 0; c < CLIENTS; c++) {
				running.add(clients.submit(() -> {
					for (int b = next.getAndIncrement(); b < batches.size(); b = next.getAndIncrement()) {
						HttpResponse<String> answer = http
							.send(HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/activities"))
								.header("X-API-Token", tenant.admin())
								.header("Content-Type", "application/x-ndjson")
								.POST(HttpRequest.BodyPublishers.ofString(String.join("\n", batches.get(b))))
								.build(), HttpResponse.BodyHandlers.ofString());
						assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
					}
					return null;
				}));
			}
			for (Future<?> client : running) {
				client.get();
			}
		}
	}

	private static void awaitRows(JdbcClient jdbc, long organisation, long expected) throws InterruptedException {
		// Counting a growing table is itself work for the database under test: every
		// 500 ms, not more often.
		long rows;
		do {
			Thread.sleep(500);
			rows = jdbc.sql("select count(*) from activity where organisation_id = :o")
				.param("o", organisation)
				.query(Long.class)
				.single();
		}
		while (rows < expected);
	}

	/**
	 * The same activities, as rows of two other organisations, through two shapes of the
	 * workers' statement in calls of a poll's size, from two sessions at once, the
	 * shapes' calls interleaved (the machine's load then weighs on both alike): the
	 * workers' own ({@link Activities#persist}: {@code unnest}ed arrays,
	 * {@code ON CONFLICT DO NOTHING}), and a {@code COPY} into a temporary table moved by
	 * {@code INSERT … SELECT … ON CONFLICT DO NOTHING}. Each call is a transaction.
	 * @return rows/s of each shape, by its calls' own time
	 */
	private static double[] statementShapes(JdbcClient jdbc, int total) throws Exception {
		long unnested = organisation(jdbc, "ingestion statement");
		long staged = organisation(jdbc, "ingestion staged");
		List<List<ActivityRecorded>> unnestCalls = new ArrayList<>();
		List<String> stagedCalls = new ArrayList<>();
		for (int from = 0; from < total; from += POLL) {
			List<ActivityRecorded> call = new ArrayList<>(POLL);
			StringBuilder csv = new StringBuilder();
			for (int n = from; n < Math.min(total, from + POLL); n++) {
				call.add(new ActivityRecorded(unnested, "s-" + n, Instant.parse(occurredAt(n)),
						new ActivityRecorded.Participants((long) (n % 10), (long) (n % 100), (long) (n % 100_000),
								null),
						"observation", n % 3 != 0, BigDecimal.ONE, Map.of("moment", Integer.toString(1 + n % 5))));
				csvLine(csv, staged, "t-", n);
			}
			unnestCalls.add(call);
			stagedCalls.add(csv.toString());
		}
		AtomicLong[] nanos = { new AtomicLong(), new AtomicLong() };
		AtomicInteger next = new AtomicInteger();
		int calls = 2 * unnestCalls.size();
		try (ExecutorService sessions = Executors.newFixedThreadPool(2)) {
			List<Future<?>> running = new ArrayList<>();
			for (int s = 0; s < 2; s++) {
				running.add(sessions.submit(() -> {
					try (Connection connection = RealInfrastructure.dataSource().getConnection();
							Statement statement = connection.createStatement()) {
						connection.setAutoCommit(false);
						statement.execute(
								"""
										create temporary table activity_in (organisation_id bigint, id text,
										    occurred_at timestamptz, site_id bigint, unit_id bigint, user_id bigint, group_id bigint,
										    kind text, outcome boolean, value numeric, attributes jsonb) on commit delete rows
										""");
						connection.commit();
						Activities activities = new Activities(
								JdbcClient.create(new SingleConnectionDataSource(connection, true)),
								JsonMapper.shared());
						for (int call = next.getAndIncrement(); call < calls; call = next.getAndIncrement()) {
							long start = System.nanoTime();
							int written;
							if (call % 2 == 0) {
								written = activities.persist(unnestCalls.get(call / 2));
							}
							else {
								connection.unwrap(PGConnection.class)
									.getCopyAPI()
									.copyIn("copy activity_in from stdin with (format csv)",
											new StringReader(stagedCalls.get(call / 2)));
								written = statement.executeUpdate(
										"""
												insert into activity (organisation_id, id, occurred_at, site_id, unit_id, user_id,
												                      group_id, kind, outcome, value, attributes)
												select i.organisation_id, i.id, i.occurred_at, i.site_id, i.unit_id, i.user_id,
												       i.group_id, i.kind, i.outcome, coalesce(i.value, 1), coalesce(i.attributes, '{}')
												from activity_in i
												where exists (select 1 from organisation o where o.id = i.organisation_id)
												on conflict (organisation_id, id) do nothing
												""");
							}
							connection.commit();
							nanos[call % 2].addAndGet(System.nanoTime() - start);
							assertThat(written).isEqualTo(unnestCalls.get(call / 2).size());
						}
					}
					return null;
				}));
			}
			for (Future<?> session : running) {
				session.get();
			}
		}
		// Two sessions: each shape's calls took half their summed time of the wall.
		return new double[] { total / (nanos[0].get() / 2e9), total / (nanos[1].get() / 2e9) };
	}

	private static long organisation(JdbcClient jdbc, String name) {
		return jdbc.sql("insert into organisation (name) values (:name) returning id")
			.param("name", name)
			.query(Long.class)
			.single();
	}

	/** The CSV line of activity {@code n} as a row of {@code organisation}. */
	private static void csvLine(StringBuilder csv, long organisation, String prefix, int n) {
		csv.append(organisation)
			.append(',')
			.append(prefix)
			.append(n)
			.append(',')
			.append(occurredAt(n))
			.append(',')
			.append(n % 10)
			.append(',')
			.append(n % 100)
			.append(',')
			.append(n % 100_000)
			.append(",,observation,")
			.append(n % 3 != 0)
			.append(",1,\"{\"\"moment\"\": \"\"")
			.append(1 + n % 5)
			.append("\"\"}\"\n");
	}

	/**
	 * {@code COPY}s the same activities, as rows of another organisation, straight into
	 * the {@code activity} table from two sessions at once (the machine's two cores):
	 * rows/s. No pipeline can fill that table faster.
	 */
	private static double copyCeiling(JdbcClient jdbc, List<List<String>> batches) throws Exception {
		long organisation = organisation(jdbc, "ingestion ceiling");
		List<StringBuilder> halves = List.of(new StringBuilder(), new StringBuilder());
		int n = 0;
		for (List<String> batch : batches) {
			for (int i = 0; i < batch.size(); i++, n++) {
				csvLine(halves.get(n % 2), organisation, "c-", n);
			}
		}
		List<String> lines = halves.stream().map(StringBuilder::toString).toList();
		long start = System.nanoTime();
		try (ExecutorService sessions = Executors.newFixedThreadPool(2)) {
			List<Future<Long>> copies = new ArrayList<>();
			for (String half : lines) {
				copies.add(
						sessions.submit(() -> PostgresCopy.into(
								"activity (organisation_id, id, occurred_at, "
										+ "site_id, unit_id, user_id, group_id, kind, outcome, value, attributes)",
								half)));
			}
			for (Future<Long> copy : copies) {
				assertThat(copy.get()).isEqualTo(n / 2);
			}
		}
		return n / seconds(start);
	}

	/**
	 * Produces every payload to a scratch topic like the activities topic; activities/s.
	 */
	/**
	 * A scratch topic with the activities topic's partitions, once every partition has
	 * its leader (a producer started at once may otherwise meet the leader's election).
	 */
	private static String scratchTopic() throws Exception {
		String topic = "podium.bench-raw-activities";
		try (Admin client = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.bootstrapServers()))) {
			int partitions = client.describeTopics(List.of(Topics.ACTIVITIES))
				.allTopicNames()
				.get()
				.get(Topics.ACTIVITIES)
				.partitions()
				.size();
			client.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
			await().atMost(Duration.ofSeconds(30))
				.until(() -> client.describeTopics(List.of(topic))
					.allTopicNames()
					.get()
					.get(topic)
					.partitions()
					.stream()
					.allMatch((partition) -> partition.leader() != null && !partition.leader().isEmpty()));
		}
		return topic;
	}

	/**
	 * Produces every payload to a scratch topic like the activities topic; activities/s.
	 */
	private static double rawProduce(List<List<String>> batches, String topic) throws Exception {
		int total = batches.size() * BATCH;
		Properties props = new Properties();
		props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.bootstrapServers());
		props.put(ProducerConfig.ACKS_CONFIG, "all");
		props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
		props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
			long start = System.nanoTime();
			List<Future<RecordMetadata>> sent = new ArrayList<>(total);
			int n = 0;
			for (List<String> batch : batches) {
				for (String payload : batch) {
					sent.add(producer.send(new ProducerRecord<>(topic, "2:" + (n++ % 100_000), payload)));
				}
			}
			for (Future<RecordMetadata> send : sent) {
				send.get();
			}
			return total / seconds(start);
		}
	}

	private static double seconds(long since) {
		return Duration.ofNanos(System.nanoTime() - since).toMillis() / 1000.0;
	}

}
