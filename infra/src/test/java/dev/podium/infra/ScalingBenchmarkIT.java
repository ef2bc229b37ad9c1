package dev.podium.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.podium.platform.testing.BenchmarkReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;

/**
 * A month-end burst of close commands (default 5,000, {@code -Dpodium.closes=N}; small
 * challenges of 3 winners each): a job row per close, and the commands produced straight
 * onto {@code podium.commands} in one go (as the relay writes them) once the
 * close-workers are up and idle, so that what drains the burst is the close-workers alone
 * (the edge's queueing and the relay are measured by CloseLatencyBenchmark and exercised
 * by ProcessesIT). Drained by one close-worker process, by two, by one with twice the
 * consumer threads (the control: threads, not processes), and by two of which one is
 * killed with SIGKILL a third of the way through. Every close must be done exactly once.
 * Prints the drain times, the steady rates, and the CPU that every process of the stack
 * used while draining. Run with
 * {@code ./mvnw verify -pl infra -am -Dpodium.benchmarks -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class ScalingBenchmarkIT {

	private static final int CLOSES = Integer.getInteger("podium.closes", 5000);

	private static final int WINNERS = 3;

	/** Consumer threads per close-worker process ({@code -Dpodium.scaling.threads=N}). */
	private static final int THREADS = Integer.getInteger("podium.scaling.threads", 3);

	private static final Path REPORT = Path.of("target", "scaling-benchmark.txt");

	static final String COMMAND = "./mvnw verify -pl infra -am -Dpodium.benchmarks -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false";

	static ProcessStack stack;

	static BenchmarkReport fragment;

	@BeforeAll
	static void up() throws IOException {
		Path run = Files.createDirectories(Path.of("target", "scaling-benchmark")).toAbsolutePath();
		stack = new ProcessStack(Files.createTempDirectory(run, "run-"),
				Map.of("PODIUM_KAFKA_PARTITIONS", "12", "PODIUM_JAVA_OPTS", "-Xmx512m -XX:+UseSerialGC",
						"PODIUM_RATE_LIMIT_PER_SECOND", "100000", "PODIUM_RATE_LIMIT_BURST", "100000"));
		Files.writeString(REPORT, "");
		fragment = BenchmarkReport
			.start(110, "ScalingBenchmarkIT", "Close-workers as processes: a month-end burst of small closes")
			.command(COMMAND)
			.size("podium.closes", CLOSES)
			.size("podium.scaling.threads", THREADS);
		report("load before: " + loadAverage());
		stack.start("postgres");
		stack.start("kafka");
		stack.start("api-edge", 1, Map.of());
	}

	@AfterAll
	static void down() {
		if (stack != null) {
			stack.close();
		}
	}

	@Test
	void oneTwoAndAKilledCloseWorkerDrainAMonthEndBurst() throws Exception {
		Map<String, String> threads = Map.of("PODIUM_WORKER_CONCURRENCY", Integer.toString(THREADS));
		Drain one = drain("1 process x " + THREADS + " threads", List.of(1), threads, false);
		Drain two = drain("2 processes x " + THREADS + " threads", List.of(1, 2), threads, false);
		Drain doubled = drain("1 process x " + 2 * THREADS + " threads", List.of(1),
				Map.of("PODIUM_WORKER_CONCURRENCY", Integer.toString(2 * THREADS)), false);
		Drain killed = drain("2 processes x " + THREADS + " threads, one killed (SIGKILL) at 1/3", List.of(1, 2),
				threads, true);
		report(String.format("two processes / one: %.2f x (steady rate), %.2f x (whole drain)",
				two.steadyRate / one.steadyRate, one.seconds / two.seconds));
		report(String.format("one process with %d threads / %d threads: %.2f x (steady rate)", 2 * THREADS, THREADS,
				doubled.steadyRate / one.steadyRate));
		report(String.format("killed run: %.1f s for the whole burst (%.2f x the undisturbed two)", killed.seconds,
				killed.seconds / two.seconds));
		report("load after: " + loadAverage());
		System.out.println("BENCHMARK report: " + REPORT.toAbsolutePath());
		fragment.description(BenchmarkReport
			.format("`ScalingBenchmarkIT` runs Podium as separate processes through `bin/podium-processes` (PostgreSQL, Kafka, "
					+ "the edge with the relay, the close-workers each a JVM from its jar, 12 partitions, %d consumer "
					+ "threads per close-worker). For each case it creates %,d small challenges (%d winners each), "
					+ "starts the close-workers, waits until they are idle, then puts the burst on `podium.commands` in "
					+ "one go. Drain = first job started to last job ended; steady = closes/s between 10%% and 90%% of "
					+ "the ends; every close is checked to be done exactly once. Baseline: one close-worker process. "
					+ "Target: two processes ≥ 1.8× one.", THREADS, CLOSES, WINNERS))
			.row("1 process × " + THREADS + " threads", one.describe(), "—", "—")
			.row("2 processes × " + THREADS + " threads (target ≥ 1.8×)", two.describe(), one.describe(),
					"**" + BenchmarkReport.ratio(two.steadyRate, one.steadyRate) + "** (steady)")
			.row("1 process × " + 2 * THREADS + " threads (control)", doubled.describe(), one.describe(),
					BenchmarkReport.ratio(doubled.steadyRate, one.steadyRate) + " (steady)")
			.row("2 processes, one `kill -9`ed at 1/3", killed.describe(), two.describe(),
					BenchmarkReport.ratio(killed.seconds, two.seconds) + " (drain time)")
			.note("CPU used by the stack from the burst to the end (from `/proc`; also in "
					+ "`infra/target/scaling-benchmark.txt`):\n")
			.note("- " + one.name() + ": " + one.cpu())
			.note("- " + two.name() + ": " + two.cpu())
			.note("- " + doubled.name() + ": " + doubled.cpu())
			.note("- " + killed.name() + ": " + killed.cpu() + " (the killed process's CPU leaves the count)")
			.write();
	}

	private Drain drain(String name, List<Integer> instances, Map<String, String> env, boolean killOne)
			throws Exception {
		CloseBurst burst = new CloseBurst(stack, CLOSES, WINNERS);
		List<CompletableFuture<Void>> starts = new ArrayList<>();
		for (int instance : instances) {
			starts.add(CompletableFuture.runAsync(() -> stack.start("close-worker", instance, env)));
		}
		starts.forEach(CompletableFuture::join);
		// Ready, idle, holding their partitions.
		Thread.sleep(5000);
		Cpu before = Cpu.now(stack, instances);
		long measured = System.nanoTime();
		Duration produced = burst.produceAtOnce();
		if (killOne) {
			await().atMost(Duration.ofMinutes(10))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> burst.succeeded() >= CLOSES / 3);
			stack.stop("close-worker.2", true);
		}
		await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(500)).until(burst::drained);
		Cpu after = Cpu.now(stack, instances);
		double cpuWall = (System.nanoTime() - measured) / 1e9;
		burst.verify();
		double seconds = burst.drainSeconds();
		double steady = burst.rate(CLOSES / 10, CLOSES * 9 / 10);
		List<String> split = new ArrayList<>();
		for (int instance : instances) {
			split.add("close-worker." + instance + " " + closedIn("close-worker." + instance));
		}
		for (int instance : instances) {
			stack.stop("close-worker." + instance, false);
			mark("close-worker." + instance);
		}
		Drain drain = new Drain(name, seconds, steady, after.minus(before, cpuWall));
		report(String.format(
				"%s: %d closes (%d winners each) on Kafka in %.1f s; drained in %.1f s = %.0f closes/s (first start to last end); steady (10%%-90%%) %.0f closes/s; every close exactly once; split %s; CPU from the burst to the end: %s",
				name, CLOSES, WINNERS, produced.toMillis() / 1000.0, seconds, CLOSES / seconds, steady, split,
				after.minus(before, cpuWall)));
		return drain;
	}

	/** Closes logged by an instance since its last mark. */
	private static long closedIn(String id) {
		String log = stack.logText(id);
		int from = log.lastIndexOf("=== benchmark mark");
		Matcher m = Pattern.compile("Closed challenge").matcher((from < 0) ? log : log.substring(from));
		long count = 0;
		while (m.find()) {
			count++;
		}
		return count;
	}

	private static void mark(String id) throws IOException {
		Files.writeString(stack.log(id), "=== benchmark mark\n", java.nio.file.StandardOpenOption.APPEND);
	}

	private static void report(String line) throws IOException {
		System.out.println("BENCHMARK " + line);
		Files.writeString(REPORT, line + "\n", java.nio.file.StandardOpenOption.APPEND);
	}

	private static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).strip() + " (1, 5, 15 min; 2 cores)";
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	record Drain(String name, double seconds, double steadyRate, String cpu) {

		String describe() {
			return BenchmarkReport.format("drain %.1f s, steady %,.0f closes/s", this.seconds, this.steadyRate);
		}

	}

	/**
	 * CPU seconds used so far by each part of the stack, from /proc: the close-workers,
	 * the edge (with the relay), Kafka, and PostgreSQL with all its backends.
	 */
	record Cpu(Map<String, Double> seconds) {

		static Cpu now(ProcessStack stack, List<Integer> instances) {
			Map<String, Double> used = new java.util.LinkedHashMap<>();
			double workers = 0;
			for (int instance : instances) {
				workers += tree(pidOrZero(stack, "close-worker." + instance));
			}
			used.put("close-workers", workers);
			used.put("edge+relay", tree(pidOrZero(stack, "api-edge.1")));
			used.put("kafka", tree(pidOrZero(stack, "kafka")));
			used.put("postgresql", postgres(stack));
			return new Cpu(used);
		}

		String minus(Cpu before, double wallSeconds) {
			StringBuilder out = new StringBuilder();
			double total = 0;
			for (var e : this.seconds.entrySet()) {
				double used = e.getValue() - before.seconds.getOrDefault(e.getKey(), 0.0);
				total += used;
				out.append(String.format("%s %.0f s, ", e.getKey(), used));
			}
			return out
				.append(String.format("total %.0f CPU-s in %.0f s = %.2f cores", total, wallSeconds,
						total / wallSeconds))
				.toString();
		}

		private static long pidOrZero(ProcessStack stack, String id) {
			try {
				return stack.pid(id);
			}
			catch (RuntimeException ex) {
				return 0;
			}
		}

		/** A process and its descendants. */
		private static double tree(long pid) {
			if (pid == 0) {
				return 0;
			}
			double total = cpu(pid);
			for (ProcessHandle child : ProcessHandle.of(pid).map((p) -> p.descendants().toList()).orElse(List.of())) {
				total += cpu(child.pid());
			}
			return total;
		}

		/** PostgreSQL: the postmaster listening on the stack's port and its backends. */
		private static double postgres(ProcessStack stack) {
			String port = "-p " + stack.pgPort() + " ";
			try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
				return all
					.filter((p) -> p.info()
						.commandLine()
						.map((c) -> c.contains("embedded-pg") && c.contains(port))
						.orElse(false))
					.mapToDouble((p) -> tree(p.pid()))
					.sum();
			}
		}

		private static double cpu(long pid) {
			try {
				String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
				String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
				// utime and stime (fields 14 and 15), in clock ticks (100 a second on
				// Linux)
				return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
			}
			catch (IOException | RuntimeException ex) {
				return 0;
			}
		}

	}

}
