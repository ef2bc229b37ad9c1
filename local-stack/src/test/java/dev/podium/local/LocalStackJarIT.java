package dev.podium.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.podium.platform.embedded.FreePorts;
import dev.podium.platform.testing.ApiClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged launcher, started as the README's first command starts it: a separate JVM
 * from the executable jar. It must print how to call it, serve a close, stop cleanly on
 * SIGTERM (what Ctrl-C sends through the JVM's shutdown hooks) and find its data again
 * after a restart.
 */
class LocalStackJarIT {

	private static final String ADMIN = "jar-it-admin-token";

	@TempDir
	Path work;

	@Test
	void theLauncherServesACloseStopsCleanlyAndKeepsItsDataAcrossARestart() throws Exception {
		int port = FreePorts.find();
		List<String> options = List.of("--port", Integer.toString(port), "--data-dir",
				this.work.resolve("data").toString(), "--postgres-port", Integer.toString(FreePorts.find()),
				"--kafka-port", Integer.toString(FreePorts.find()));
		ApiClient api = new ApiClient("http://localhost:" + port);

		Process first = start(options, "first.log");
		String banner = awaitBanner(first, "first.log");
		assertThat(banner).contains("http://localhost:" + port)
			.contains("admin")
			.contains("coordinator")
			.contains("viewer")
			.contains("participant")
			.contains("http://localhost:" + port + "/docs")
			.contains("http://localhost:" + port + "/console/");
		// The documents need what the fat jar packs (the YAML reader for /openapi.json,
		// the console's webjar).
		for (String document : List.of("/openapi.yaml", "/openapi.json", "/docs", "/console/",
				"/webjars/preact/dist/preact.module.js")) {
			assertThat(api.get(document, null).status()).as(document).isEqualTo(200);
		}
		long challenge = createAndClose(api, "from the jar");
		stop(first);

		Process second = start(options, "second.log");
		awaitBanner(second, "second.log");
		assertThat(api.get("/challenges?id=" + challenge, ADMIN).json().at("/challenge/closed").asInt()).isEqualTo(1);
		createAndClose(api, "after restart");
		stop(second);
	}

	private static long createAndClose(ApiClient api, String name) {
		long challenge = api
			.post("/challenges", ADMIN, Map.of("name", name, "startdate", "2026-10-01", "enddate", "2026-10-31"))
			.json()
			.get("id")
			.asLong();
		ApiClient.Response closed = api.post("/challenges/close?id=" + challenge, ADMIN, null,
				Map.of("Prefer", "wait=30"));
		assertThat(closed.status()).as(closed.text()).isEqualTo(200);
		return challenge;
	}

	/** A slow stop leaves the launcher's threads in target/ for a look. */
	private static void threadDump(Process process) {
		try {
			Path jcmd = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("jcmd");
			// Thread.dump_to_file includes virtual threads (the Kafka consumers run on
			// them).
			new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.dump_to_file",
					logs().resolve("slow-stop-" + process.pid() + ".txt").toAbsolutePath().toString())
				.redirectErrorStream(true)
				.start()
				.waitFor(20, TimeUnit.SECONDS);
		}
		catch (IOException | InterruptedException | RuntimeException ex) {
			System.out.println("no thread dump: " + ex);
		}
	}

	/** The launcher's output stays in target/ for a look after a failure. */
	private static Path logs() throws IOException {
		return Files.createDirectories(Path.of("target", "local-stack-it"));
	}

	private Process start(List<String> options, String log) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.add("--enable-native-access=ALL-UNNAMED");
		command.addAll(List.of("-jar", System.getProperty("podium.local.jar")));
		command.addAll(options);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(logs().resolve(log).toFile());
		builder.environment().put("PODIUM_DEMO_ADMIN_TOKEN", ADMIN);
		return builder.start();
	}

	private String awaitBanner(Process process, String log) {
		long t0 = System.nanoTime();
		Pattern banner = Pattern.compile("Podium is running[\\s\\S]*Ctrl-C stops everything\\.");
		String found = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
			assertThat(process.isAlive()).as("the launcher exited early; see " + logs().resolve(log)).isTrue();
			Matcher m = banner.matcher(Files.readString(logs().resolve(log)));
			return m.find() ? m.group() : null;
		}, (text) -> text != null);
		System.out.printf("launcher up in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
		return found;
	}

	private static void stop(Process process) throws InterruptedException {
		long t0 = System.nanoTime();
		process.destroy();
		if (!process.waitFor(8, TimeUnit.SECONDS)) {
			threadDump(process);
		}
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped within a minute of SIGTERM").isTrue();
		assertThat(process.exitValue()).as("exit status after SIGTERM").isIn(0, 143);
		System.out.printf("launcher stopped in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
		assertThat(process.descendants().filter(ProcessHandle::isAlive).count()).as("PostgreSQL stopped too").isZero();
	}

}
