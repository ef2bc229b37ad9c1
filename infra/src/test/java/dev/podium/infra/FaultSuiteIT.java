package dev.podium.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import dev.podium.contracts.ActivityRecorded;
import dev.podium.contracts.BackfillRule;
import dev.podium.contracts.ChallengeClosed;
import dev.podium.contracts.CloseChallenge;
import dev.podium.contracts.JobFinished;
import dev.podium.contracts.PointsRecorded;
import dev.podium.contracts.Topics;
import dev.podium.platform.outbox.Outbox;
import dev.podium.platform.outbox.ParticipantEvents;
import dev.podium.platform.testing.WebhookReceiver;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault suite: Podium as processes (two edges that may both relay, two instances of
 * each worker) under a realistic workload, with {@code kill -9}s of every worker at
 * random points, a PostgreSQL restart, a Kafka broker restart, the relay leader's edge
 * killed and poison messages on every topic Podium consumes. After each round, once
 * quiet, every invariant is checked against an oracle computed from what the test sent
 * (see {@link FaultRound}). Seeded: {@code -Dpodium.faults.seed=N} repeats a run's plan.
 * Run with
 * {@code ./mvnw verify -pl infra -am -Dpodium.faults -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}
 * (docs/reliability.md).
 */
@Tag("faults")
class FaultSuiteIT {

	/** Kills of each worker type across the run. */
	private static final int KILLS = Integer.getInteger("podium.faults.kills", 21);

	private static final int ROUNDS = Integer.getInteger("podium.faults.rounds", 7);

	private static final long SEED = Long.getLong("podium.faults.seed", System.currentTimeMillis());

	/** The stretch of each round over which its faults are spread. */
	private static final Duration WINDOW = Duration.ofSeconds(Integer.getInteger("podium.faults.window", 40));

	private static final int BURST = Integer.getInteger("podium.faults.burst", 30);

	/** Events of the backlog the relay leader is killed in: 200 chunks. */
	private static final int BACKLOG = Integer.getInteger("podium.faults.backlog", 100_000);

	private static final int BACKLOG_PARTICIPANTS = 500;

	/** Far above any real ledger id: the backlog's event ids collide with none. */
	private static final long BACKLOG_LEDGER_IDS = 9_000_000_000_000_000L;

	private static final Path REPORT = Path.of("target", "fault-suite.txt");

	private static final List<String> CONSUMED = List.of(Topics.COMMANDS, Topics.BULK_COMMANDS, Topics.RULE_COMMANDS,
			Topics.ACTIVITIES, Topics.CHALLENGE_EVENTS, Topics.PARTICIPANT_EVENTS, Topics.JOB_EVENTS);

	private static final Map<String, String> TYPES = Map.of(Topics.COMMANDS, CloseChallenge.TYPE, Topics.BULK_COMMANDS,
			CloseChallenge.TYPE, Topics.RULE_COMMANDS, BackfillRule.TYPE, Topics.ACTIVITIES, ActivityRecorded.TYPE,
			Topics.CHALLENGE_EVENTS, ChallengeClosed.TYPE, Topics.PARTICIPANT_EVENTS, PointsRecorded.TYPE,
			Topics.JOB_EVENTS, JobFinished.TYPE);

	private final long started = System.nanoTime();

	private final Map<String, Integer> kills = new TreeMap<>();

	private final List<String> failures = new ArrayList<>();

	/** Organisations whose chunked backlog the relay leader was killed in. */
	private final List<Long> backlogs = new ArrayList<>();

	private FaultStack faults;

	@Test
	void podiumKeepsItsInvariantsThroughKillsRestartsAndPoison() throws Exception {
		Files.createDirectories(REPORT.getParent());
		Files.writeString(REPORT, "");
		report("seed %d (-Dpodium.faults.seed=%d), %d rounds, %d kills of each worker type, window %d s, burst %d",
				SEED, SEED, ROUNDS, KILLS, WINDOW.toSeconds(), BURST);
		report("load before: %s", loadAverage());
		Random random = new Random(SEED);
		Path run = Files.createDirectories(Path.of("target", "fault-suite")).toAbsolutePath();
		ProcessStack stack = new ProcessStack(Files.createTempDirectory(run, "run-"),
				Map.of("PODIUM_KAFKA_PARTITIONS", "6", "PODIUM_DB_POOL_SIZE", "5", "PODIUM_WEBHOOK_ALLOW_LOOPBACK",
						"true", "PODIUM_RATE_LIMIT_PER_SECOND", "100000", "PODIUM_RATE_LIMIT_BURST", "100000",
						"PODIUM_JAVA_OPTS", "-Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"));
		List<FaultRound> rounds = new ArrayList<>();
		try (WebhookReceiver receiver = WebhookReceiver.start(); FaultStack stackFaults = new FaultStack(stack)) {
			this.faults = stackFaults;
			long t0 = System.nanoTime();
			stackFaults.up();
			report("stack up in %.0f s: postgres, kafka, api-edge x2, close-worker x2, badge-rule-worker x2, "
					+ "notification-worker x2", seconds(t0));
			for (int r = 1; r <= ROUNDS; r++) {
				rounds.add(round(r, random, receiver));
			}
			// Later rounds' faults must not have disturbed earlier rounds.
			EventIndex events = EventIndex.of(stackFaults.readAll(Topics.PARTICIPANT_EVENTS));
			for (FaultRound round : rounds) {
				List<String> violations = round.violations(events, receiver);
				report("final re-check of round %d: %s", round.number,
						violations.isEmpty() ? "all invariants hold" : violations);
				if (!violations.isEmpty()) {
					this.failures.add("round " + round.number + " (final re-check): " + violations);
				}
			}
			for (String id : List.of("api-edge.1", "api-edge.2", "close-worker.1", "close-worker.2",
					"badge-rule-worker.1", "badge-rule-worker.2", "notification-worker.1", "notification-worker.2")) {
				String app = id.substring(0, id.indexOf('.'));
				int status = ProcessStack
					.get(stack.url(app, Integer.parseInt(id.substring(id.indexOf('.') + 1)))
							+ "/actuator/health/liveness")
					.status();
				if (status != 200) {
					this.failures.add(id + " liveness " + status + " at the end");
				}
			}
			report("kills: %s", this.kills);
			report("wall time %.1f min; load after: %s", seconds(this.started) / 60, loadAverage());
			report("%s", this.failures.isEmpty() ? "RESULT: every invariant held in every round"
					: "RESULT: " + this.failures.size() + " failures: " + this.failures);
		}
		finally {
			rounds.forEach(FaultRound::close);
		}
		assertThat(this.failures).isEmpty();
		for (String worker : FaultStack.WORKERS) {
			assertThat(this.kills.getOrDefault(worker, 0)).as("kills of " + worker).isGreaterThanOrEqualTo(KILLS);
		}
	}

	private FaultRound round(int number, Random random, WebhookReceiver receiver) throws Exception {
		long t0 = System.nanoTime();
		await("a relay leader", Duration.ofMinutes(2), () -> this.faults.relayLeader() != null);
		String leader = this.faults.relayLeader();
		if (leader == null) {
			leader = "api-edge.1";
		}
		String edge = leader.equals("api-edge.1") ? "api-edge.2" : "api-edge.1";
		int instance = Integer.parseInt(edge.substring(edge.indexOf('.') + 1));
		FaultRound round = new FaultRound(number, this.faults.stack, this.faults.stack.url("api-edge", instance),
				new Random(random.nextLong()));
		round.setUp(receiver, BURST);
		List<Fault> plan = plan(number, random);
		report("round %d: organisation %d, requests to %s (relay leader %s), plan %s", number, round.organisation, edge,
				leader, plan);
		AtomicBoolean faultsDone = new AtomicBoolean();
		CompletableFuture<Integer> workload = CompletableFuture.supplyAsync(() -> {
			round.closeAll();
			int waves = 0;
			while (waves < 60 && (waves < 5 || !faultsDone.get())) {
				round.wave();
				waves++;
				FaultStack.sleep(Duration.ofMillis(1500));
			}
			return waves;
		});
		long live = System.nanoTime();
		List<String> injected = new ArrayList<>();
		Set<String> poisonKeys = new HashSet<>();
		for (Fault fault : plan) {
			long wait = fault.offsetMillis() - (System.nanoTime() - live) / 1_000_000;
			if (wait > 0) {
				FaultStack.sleep(Duration.ofMillis(wait));
			}
			injected.add(inject(fault, round, poisonKeys));
		}
		faultsDone.set(true);
		int waves = workload.get();
		this.faults.awaitRestarts();
		long quiet = System.nanoTime();
		boolean jobsEnded = await("round " + number + "'s jobs to end", Duration.ofMinutes(10),
				() -> safely(() -> round.pendingJobs() == 0));
		boolean drained = await("consumer lag 0", Duration.ofMinutes(10), () -> this.faults.lag() == 0);
		report("round %d: %d waves, %d challenges, %d expected awards, %d activities, %d second closes, %d redeems "
				+ "refused, %d HTTP retries; faults done: %s; quiet after %.0f s (jobs ended: %s, lag 0: %s)", number,
				waves, round.challengeCount(), round.expectedAwards(), round.activities.get(), round.secondCloses.get(),
				round.refused.get(), round.retries.get(), injected, seconds(quiet), jobsEnded, drained);
		List<String> violations;
		List<String> backlogFigures = new ArrayList<>();
		long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
		while (true) {
			List<ConsumerRecord<String, String>> participantEvents = this.faults.readAll(Topics.PARTICIPANT_EVENTS);
			violations = new ArrayList<>(round.violations(EventIndex.of(participantEvents), receiver));
			backlogFigures.clear();
			violations.addAll(backlogViolations(participantEvents, backlogFigures));
			if (violations.isEmpty() || System.nanoTime() > deadline) {
				break;
			}
			FaultStack.sleep(Duration.ofSeconds(5));
		}
		for (String figures : backlogFigures) {
			report("%s", figures);
		}
		List<String> poison = poisonMissing(poisonKeys);
		report("round %d: %s; %s; %s; %s; round took %.0f s", number, round.figures(), round.webhookFigures(receiver),
				violations.isEmpty() ? "all invariants hold" : "VIOLATIONS " + violations,
				poison.isEmpty() ? "every poison message dead-lettered" : "POISON NOT DEAD-LETTERED " + poison,
				seconds(t0));
		if (!violations.isEmpty()) {
			this.failures.add("round " + number + ": " + violations);
		}
		if (!poison.isEmpty()) {
			this.failures.add("round " + number + " poison: " + poison);
		}
		return round;
	}

	/**
	 * This round's faults at random offsets in the window: its share of the kills of each
	 * worker type, its special fault if any, and poison.
	 */
	private List<Fault> plan(int number, Random random) {
		List<Fault> plan = new ArrayList<>();
		for (String worker : FaultStack.WORKERS) {
			int count = KILLS / ROUNDS + ((number - 1 < KILLS % ROUNDS) ? 1 : 0);
			for (int i = 0; i < count; i++) {
				plan.add(new Fault(offset(random), "kill", worker));
			}
		}
		// PostgreSQL, Kafka and the relay leader each once: in rounds 2, 3 and 4 (fewer
		// rounds share them).
		List<String> specials = List.of("postgres", "kafka", "edge");
		for (int i = 0; i < specials.size(); i++) {
			if (1 + (i + 1) % ROUNDS == number) {
				plan.add(new Fault(offset(random), specials.get(i),
						specials.get(i).equals("edge") ? "relay leader" : specials.get(i)));
			}
		}
		plan.add(new Fault(offset(random), "poison", "every topic"));
		plan.sort(Comparator.comparingLong(Fault::offsetMillis));
		return plan;
	}

	private static long offset(Random random) {
		return (long) (random.nextDouble() * WINDOW.toMillis());
	}

	private String inject(Fault fault, FaultRound round, Set<String> poisonKeys) {
		long t0 = System.nanoTime();
		String what = switch (fault.kind()) {
			case "kill" -> killWorker(fault.target(), round);
			case "postgres" -> {
				this.faults.stack.stop("postgres", false);
				this.faults.stack.start("postgres");
				yield String.format("PostgreSQL restarted (down %.1f s)", seconds(t0));
			}
			case "kafka" -> {
				this.faults.stack.stop("kafka", false);
				this.faults.stack.start("kafka");
				yield String.format("Kafka restarted (down %.1f s)", seconds(t0));
			}
			case "edge" -> killLeaderDuringChunks(round);
			case "poison" -> poison(round.number, poisonKeys);
			default -> throw new IllegalArgumentException(fault.kind());
		};
		String line = String.format("%.1fs %s", fault.offsetMillis() / 1000.0, what);
		System.out.println("FAULTS round " + round.number + ": " + line);
		return line;
	}

	private String killWorker(String worker, FaultRound round) {
		long waited = System.nanoTime();
		await("an instance of " + worker + " up", Duration.ofMinutes(5),
				() -> !this.faults.upInstances(worker).isEmpty());
		double waitedSeconds = seconds(waited);
		List<String> up = this.faults.upInstances(worker);
		String id = up.get((int) (Math.abs(round.retries.get() + System.nanoTime()) % up.size()));
		Long pending = safely(round::pendingJobs);
		long lag = this.faults.lag();
		this.faults.killAndRestart(id, (line) -> System.out.println("FAULTS " + line));
		this.kills.merge(worker, 1, Integer::sum);
		return String.format("kill -9 %s (%s jobs pending, lag %d%s)", id, pending, lag,
				(waitedSeconds > 1) ? String.format(", after waiting %.0f s for one to be up", waitedSeconds) : "");
	}

	/**
	 * Writes a backlog of chunked participant events (one transaction, a scratch
	 * organisation), waits until the relay leader has published part of it, and kills it
	 * while it expands the rest; the backlog is checked after the round
	 * ({@link #backlogViolations}).
	 */
	private String killLeaderDuringChunks(FaultRound round) {
		javax.sql.DataSource dataSource = this.faults.stack.dataSource();
		JdbcClient jdbc = JdbcClient.create(dataSource);
		long organisation = jdbc.sql("insert into organisation (name) values ('fault-suite backlog') returning id")
			.query(Long.class)
			.single();
		long before = this.faults.stack.endOffsets(Topics.PARTICIPANT_EVENTS);
		Outbox outbox = new Outbox(jdbc, JsonMapper.shared(), Clock.systemUTC());
		new TransactionTemplate(new DataSourceTransactionManager(dataSource)).executeWithoutResult(
				(status) -> outbox.addChunked(
						new ParticipantEvents(Topics.PARTICIPANT_EVENTS, PointsRecorded.TYPE, organisation,
								Map.of("organisationId", organisation, "points", 1, "reason", "adjust", "notes",
										"backlog"),
								List.of("ledgerId", "participantType", "participantId"), "ledgerId"),
						"""
								select :base + g as "ledgerId", 2 as "participantType", 1 + g % :people as "participantId"
								from generate_series(1, :n) g order by g
								""",
						Map.of("base", BACKLOG_LEDGER_IDS, "people", BACKLOG_PARTICIPANTS, "n", BACKLOG)));
		boolean started = await("the relay to publish part of the backlog", Duration.ofMinutes(2),
				() -> this.faults.stack.endOffsets(Topics.PARTICIPANT_EVENTS) - before >= BACKLOG / 20);
		long published = this.faults.stack.endOffsets(Topics.PARTICIPANT_EVENTS) - before;
		this.backlogs.add(organisation);
		String killed = killLeader(round);
		return String.format("%,d chunked events of organisation %d, %,d on Kafka%s, then %s", BACKLOG, organisation,
				published, started ? "" : " (the relay had NOT started on them)", killed);
	}

	/**
	 * Every backlog event on Kafka, each copy of an event with the same sequence number,
	 * and each participant's numbers gap-free from 1.
	 * @param figures gets a line of figures per backlog
	 */
	private List<String> backlogViolations(List<ConsumerRecord<String, String>> records, List<String> figures) {
		List<String> violations = new ArrayList<>();
		for (long organisation : this.backlogs) {
			String source = "/podium/organisations/" + organisation;
			Map<String, String> sequenceById = new java.util.HashMap<>();
			Map<String, Set<Long>> sequencesByParticipant = new java.util.HashMap<>();
			int copies = 0;
			for (ConsumerRecord<String, String> record : records) {
				if (!source.equals(header(record, "ce_source"))) {
					continue;
				}
				copies++;
				String id = header(record, "ce_id");
				String sequence = header(record, "ce_sequence");
				String earlier = sequenceById.putIfAbsent(id, sequence);
				if (earlier != null && !earlier.equals(sequence)) {
					violations.add("backlog " + organisation + ": event " + id + " relayed with sequences " + earlier
							+ " and " + sequence);
				}
				sequencesByParticipant.computeIfAbsent(record.key(), (k) -> new HashSet<>())
					.add(Long.parseLong(sequence));
			}
			if (sequenceById.size() != BACKLOG) {
				violations.add(String.format("backlog %d: %d distinct events on Kafka, %d written", organisation,
						sequenceById.size(), BACKLOG));
			}
			sequencesByParticipant.forEach((key, sequences) -> {
				if (sequences.size() != BACKLOG / BACKLOG_PARTICIPANTS || java.util.Collections.min(sequences) != 1
						|| java.util.Collections.max(sequences) != sequences.size()) {
					violations.add("backlog " + organisation + ": participant " + key + " has sequences "
							+ sequences.size() + " from " + java.util.Collections.min(sequences) + " to "
							+ java.util.Collections.max(sequences));
				}
			});
			figures.add(String.format(
					"backlog of organisation %d: %,d distinct events in %,d copies over %d participants: %s",
					organisation, sequenceById.size(), copies, sequencesByParticipant.size(),
					violations.isEmpty() ? "none lost, each participant's numbers gap-free" : violations));
		}
		return violations;
	}

	private static String header(ConsumerRecord<String, String> record, String name) {
		org.apache.kafka.common.header.Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private String killLeader(FaultRound round) {
		String leader = this.faults.relayLeader();
		if (leader == null) {
			return "relay leader NOT killed: none found";
		}
		String moved = "";
		if (round.edgeUrl().equals(this.faults.stack.url("api-edge", instance(leader)))) {
			// The leader serves this round's requests: move them to the other edge first.
			String to = leader.equals("api-edge.1") ? "api-edge.2" : "api-edge.1";
			round.useEdge(this.faults.stack.url("api-edge", instance(to)));
			moved = " (requests moved to " + to + " first)";
		}
		String other = leader.equals("api-edge.1") ? "api-edge.2" : "api-edge.1";
		long t0 = System.nanoTime();
		this.faults.killAndRestart(leader, (line) -> System.out.println("FAULTS " + line));
		boolean taken = await(other + " to take the slot", Duration.ofMinutes(2),
				() -> other.equals(this.faults.relayLeader()));
		this.kills.merge("api-edge (relay leader)", 1, Integer::sum);
		return String.format("kill -9 %s (relay leader)%s: %s", leader, moved,
				taken ? String.format("%s took over the slot in %.1f s", other, seconds(t0))
						: other + " did NOT take over within 2 min");
	}

	/**
	 * Garbage bytes, an unknown type header and valid JSON of the wrong shape onto every
	 * topic Podium consumes; each must reach the topic's dead-letter topic.
	 */
	private String poison(int round, Set<String> keys) {
		Random bytes = new Random(round);
		for (String topic : CONSUMED) {
			byte[] garbage = new byte[64];
			bytes.nextBytes(garbage);
			String prefix = "poison-r" + round + "-" + topic + "-";
			List<FaultStack.RawRecord> records = List.of(
					new FaultStack.RawRecord(prefix + "garbage", garbage,
							Map.of("ce_id", UUID.randomUUID().toString(), "ce_type", TYPES.get(topic))),
					new FaultStack.RawRecord(prefix + "type", "{\"organisationId\":1}".getBytes(StandardCharsets.UTF_8),
							Map.of("ce_id", UUID.randomUUID().toString(), "ce_type", "podium.no-such-type.v1")),
					new FaultStack.RawRecord(prefix + "shape",
							"[\"not\",\"an\",\"object\"]".getBytes(StandardCharsets.UTF_8),
							Map.of("ce_id", UUID.randomUUID().toString(), "ce_type", TYPES.get(topic))));
			records.forEach((r) -> keys.add(topic + "|" + r.key()));
			this.faults.produceRaw(topic, records);
		}
		return "poison: 3 messages onto each of " + CONSUMED.size() + " topics";
	}

	/** Poison messages not (yet) in their dead-letter topic, after a wait. */
	private List<String> poisonMissing(Set<String> keys) {
		List<String> missing = new ArrayList<>();
		long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
		while (true) {
			missing.clear();
			Map<String, Set<String>> dead = new LinkedHashMap<>();
			for (String topic : CONSUMED) {
				Set<String> seen = new HashSet<>();
				for (ConsumerRecord<String, String> r : this.faults.readAll(Topics.deadLetter(topic))) {
					seen.add(r.key());
				}
				dead.put(topic, seen);
			}
			for (String key : keys) {
				String topic = key.substring(0, key.indexOf('|'));
				if (!dead.get(topic).contains(key.substring(key.indexOf('|') + 1))) {
					missing.add(key);
				}
			}
			if (missing.isEmpty() || System.nanoTime() > deadline) {
				return missing;
			}
			FaultStack.sleep(Duration.ofSeconds(5));
		}
	}

	private static boolean await(String what, Duration atMost, BooleanSupplier condition) {
		long deadline = System.nanoTime() + atMost.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				System.out.println("FAULTS gave up waiting for " + what + " after " + atMost);
				return false;
			}
			FaultStack.sleep(Duration.ofMillis(500));
		}
		return true;
	}

	private static <T> T safely(java.util.function.Supplier<T> query) {
		try {
			return query.get();
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static boolean safely(BooleanSupplier query) {
		try {
			return query.getAsBoolean();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static int instance(String id) {
		return Integer.parseInt(id.substring(id.indexOf('.') + 1));
	}

	private static double seconds(long since) {
		return (System.nanoTime() - since) / 1e9;
	}

	private static void report(String format, Object... args) throws IOException {
		String line = String.format(format, args);
		System.out.println("FAULTS " + line);
		Files.writeString(REPORT, line + "\n", StandardOpenOption.APPEND);
	}

	private static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).strip() + " (1, 5, 15 min; 2 cores)";
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	/** A fault planned at an offset into the round's window. */
	record Fault(long offsetMillis, String kind, String target) {

		@Override
		public String toString() {
			return String.format("%.1fs %s %s", this.offsetMillis / 1000.0, this.kind, this.target);
		}

	}

}
