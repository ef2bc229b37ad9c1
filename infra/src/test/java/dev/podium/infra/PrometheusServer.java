package dev.podium.infra;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.podium.platform.embedded.FreePorts;
import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Prometheus server (Debian's {@code prometheus} package, or the binary named by
 * {@code PODIUM_PROMETHEUS}) scraping the given targets every second with Podium's alert
 * rules loaded. A test that needs one is skipped where it is not installed.
 */
final class PrometheusServer implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Process process;

	private final String url;

	private final Path directory;

	private PrometheusServer(Process process, String url, Path directory) {
		this.process = process;
		this.url = url;
		this.directory = directory;
	}

	/** The binary, if this machine has one. */
	static Optional<Path> binary() {
		String named = System.getenv("PODIUM_PROMETHEUS");
		Stream<Path> candidates = (named != null) ? Stream.of(Path.of(named))
				: Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator))
					.map((dir) -> Path.of(dir, "prometheus"));
		return candidates.filter(Files::isExecutable).findFirst();
	}

	/**
	 * Starts a server scraping {@code targets} ({@code host:port}) under job
	 * {@code podium}, or skips the calling test when no binary is installed.
	 */
	static PrometheusServer startOrSkip(List<String> targets) throws IOException, InterruptedException {
		Optional<Path> binary = binary();
		Assumptions.assumeTrue(binary.isPresent(),
				"no prometheus binary (apt-get install prometheus, or set PODIUM_PROMETHEUS)");
		Path root = Path.of(System.getProperty("podium.root", "..")).toAbsolutePath().normalize();
		Path directory = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "prometheus-");
		String config = """
				global:
				  scrape_interval: 1s
				  evaluation_interval: 1s
				rule_files:
				  - %s
				scrape_configs:
				  - job_name: podium
				    metrics_path: /actuator/prometheus
				    static_configs:
				      - targets: [%s]
				""".formatted(root.resolve("infra/prometheus/alerts.yml"),
				targets.stream().map((t) -> "'" + t + "'").collect(Collectors.joining(", ")));
		Files.writeString(directory.resolve("prometheus.yml"), config);
		int port = FreePorts.find();
		Process process = new ProcessBuilder(binary.get().toString(),
				"--config.file=" + directory.resolve("prometheus.yml"),
				"--storage.tsdb.path=" + directory.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
			.redirectErrorStream(true)
			.redirectOutput(directory.resolve("prometheus.log").toFile())
			.start();
		PrometheusServer server = new PrometheusServer(process, "http://127.0.0.1:" + port, directory);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (!server.isReady()) {
			if (!process.isAlive() || System.nanoTime() > deadline) {
				server.close();
				throw new IllegalStateException(
						"Prometheus did not start: " + Files.readString(directory.resolve("prometheus.log")));
			}
			Thread.sleep(200);
		}
		return server;
	}

	private boolean isReady() {
		return get("/-/ready").map((r) -> r.statusCode() == 200).orElse(false);
	}

	/**
	 * The value of an instant query that answers one sample; NaN when it answers none.
	 */
	double query(String promql) {
		JsonNode answer = json("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
		JsonNode result = answer.at("/data/result");
		if (result.isEmpty()) {
			return Double.NaN;
		}
		return Double.parseDouble(result.get(0).at("/value/1").asString());
	}

	/** Whether the alert rules loaded and every group's last evaluation succeeded. */
	boolean ruleGroupsHealthy() {
		JsonNode groups = json("/api/v1/rules").at("/data/groups");
		if (groups.isEmpty()) {
			return false;
		}
		for (JsonNode group : groups) {
			for (JsonNode rule : group.get("rules")) {
				if (!"ok".equals(rule.get("health").asString())) {
					return false;
				}
			}
		}
		return true;
	}

	private JsonNode json(String path) {
		HttpResponse<String> response = get(path).orElseThrow(() -> new IllegalStateException("Prometheus is gone"));
		return JSON.readTree(response.body());
	}

	private Optional<HttpResponse<String>> get(String path) {
		try {
			return Optional.of(HTTP.send(
					HttpRequest.newBuilder(URI.create(this.url + path)).timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString()));
		}
		catch (IOException ex) {
			return Optional.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.empty();
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			this.process.waitFor(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.process.destroyForcibly();
		System.out.println("Prometheus log and data: " + this.directory);
	}

}
