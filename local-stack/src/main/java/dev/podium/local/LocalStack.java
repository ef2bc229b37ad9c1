package dev.podium.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import dev.podium.closeworker.CloseWorkerApplication;
import dev.podium.edge.EdgeApplication;
import dev.podium.badgeruleworker.BadgeRuleWorkerApplication;
import dev.podium.notificationworker.NotificationWorkerApplication;
import dev.podium.platform.embedded.LocalKafka;
import dev.podium.platform.embedded.LocalPostgres;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the whole system in one JVM: a real PostgreSQL from embedded binaries, a real
 * Kafka broker in-process, the edge and the three workers; creates a demo organisation
 * with one token per role; prints how to call it. Ctrl-C stops everything cleanly. Data
 * lives under {@code --data-dir} (default {@code .podium}) and survives restarts;
 * {@code --fresh} starts from nothing.
 */
public final class LocalStack implements AutoCloseable {

	/**
	 * The key that seals webhook signing secrets in the local stack unless
	 * {@code PODIUM_WEBHOOK_SECRET_KEY} is set: public, for development only (base64 of
	 * "podium-local-development-key-32b").
	 */
	public static final String DEVELOPMENT_WEBHOOK_SECRET_KEY = "cG9kaXVtLWxvY2FsLWRldmVsb3BtZW50LWtleS0zMmI=";

	private final LocalSettings settings;

	private final List<ConfigurableApplicationContext> apps = new ArrayList<>();

	private LocalPostgres postgres;

	private LocalKafka kafka;

	private DemoOrganisation.Tokens tokens;

	private LocalStack(LocalSettings settings) {
		this.settings = settings;
	}

	public static void main(String[] args) {
		LocalSettings settings = LocalSettings.parse(args, System.getenv());
		long started = System.nanoTime();
		LocalStack stack = new LocalStack(settings);
		Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "podium-local-stop"));
		try {
			stack.start();
		}
		catch (RuntimeException ex) {
			// Without this the broker's non-daemon threads and PostgreSQL would outlive a
			// failed start.
			stack.close();
			throw ex;
		}
		System.out.println(stack.banner(Duration.ofNanos(System.nanoTime() - started)));
	}

	/** Starts the four apps on infrastructure that someone else runs (the tests'). */
	public static LocalStack startApps(LocalSettings settings, String jdbcUrl, String bootstrapServers) {
		LocalStack stack = new LocalStack(settings);
		try {
			stack.startApps(jdbcUrl, bootstrapServers);
			return stack;
		}
		catch (RuntimeException ex) {
			stack.close();
			throw ex;
		}
	}

	private void start() {
		Path data = this.settings.dataDirectory();
		if (this.settings.fresh()) {
			deleteRecursively(data);
		}
		this.postgres = LocalPostgres.start(data.resolve("postgres"), this.settings.postgresPort(), false);
		this.kafka = LocalKafka.start(data.resolve("kafka"), this.settings.kafkaPort());
		startApps(this.postgres.jdbcUrl(), this.kafka.bootstrapServers());
	}

	private void startApps(String jdbcUrl, String bootstrapServers) {
		List<String> common = new ArrayList<>(
				List.of("--spring.datasource.url=" + jdbcUrl, "--spring.datasource.username=" + LocalPostgres.USER,
						"--spring.datasource.password=" + LocalPostgres.PASSWORD,
						"--spring.kafka.bootstrap-servers=" + bootstrapServers,
						"--podium.kafka.partitions=" + this.settings.partitions(), "--spring.main.banner-mode=off",
						"--spring.main.register-shutdown-hook=false", "--logging.register-shutdown-hook=false",
						// Development: webhooks may call a receiver on this machine
						// (never link-local).
						"--podium.webhooks.allow-loopback=true"));
		String webhookKey = System.getenv("PODIUM_WEBHOOK_SECRET_KEY");
		if (webhookKey == null || webhookKey.isBlank()) {
			common.add("--podium.webhooks.secret-key=" + DEVELOPMENT_WEBHOOK_SECRET_KEY);
		}
		// The edge runs first: it applies the migrations and holds the relay. The workers
		// need
		// neither and share nothing but the database and the broker: they start side by
		// side.
		this.apps.add(run(EdgeApplication.builder(), common, "--server.port=" + this.settings.port()));
		List<String> worker = new ArrayList<>(common);
		worker.addAll(List.of("--server.port=0", "--podium.relay.enabled=false", "--spring.flyway.enabled=false"));
		// New threads inherit this thread's context class loader: in the executable jar
		// that is the
		// loader that sees the nested jars (the common pool's threads would not).
		ExecutorService starter = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("start-", 0).factory());
		MeterRegistry edgeMeters = this.apps.get(0).getBean(MeterRegistry.class);
		List<CompletableFuture<ConfigurableApplicationContext>> workers = Stream
			.of(CloseWorkerApplication.builder(), BadgeRuleWorkerApplication.builder(),
					NotificationWorkerApplication.builder())
			.map((app) -> app.initializers(ConsumerMetrics.into(edgeMeters)))
			.map((app) -> CompletableFuture.supplyAsync(() -> run(app, worker), starter))
			.toList();
		RuntimeException failure = null;
		for (CompletableFuture<ConfigurableApplicationContext> started : workers) {
			try {
				this.apps.add(started.join());
			}
			catch (CompletionException ex) {
				failure = (failure != null) ? failure
						: new IllegalStateException("A worker did not start", ex.getCause());
			}
		}
		starter.shutdown();
		if (failure != null) {
			throw failure;
		}
		this.tokens = new DemoOrganisation(this.apps.get(0)).prepare(this.settings.adminToken());
	}

	private static ConfigurableApplicationContext run(SpringApplicationBuilder app, List<String> common,
			String... own) {
		List<String> args = new ArrayList<>(common);
		args.addAll(List.of(own));
		return app.run(args.toArray(String[]::new));
	}

	public DemoOrganisation.Tokens tokens() {
		return this.tokens;
	}

	public String baseUrl() {
		return "http://localhost:" + this.apps.get(0).getEnvironment().getProperty("local.server.port");
	}

	/** The app contexts: edge, close-worker, badge-rule-worker, notification-worker. */
	public List<ConfigurableApplicationContext> apps() {
		return List.copyOf(this.apps);
	}

	String banner(Duration startup) {
		String base = baseUrl();
		return """

				Podium is running (started in %.1f s).
				  base URL      %s
				  console       %s/console/   (sign in with one of the tokens below)
				  API docs      %s/docs   (OpenAPI: %s/openapi.yaml)
				  organisation  %d (demo)
				  admin         %s
				  coordinator   %s
				  viewer        %s
				  participant   %s   (participant type 2, id 1)
				  PostgreSQL    %s
				  Kafka         %s
				  data          %s   (--fresh starts from nothing)

				Try it:
				  curl -s -X POST %s/challenges -H 'X-API-Token: %s' -H 'Content-Type: application/json' \\
				       -d '{"name":"October steps","metric":0,"scope":2,"threshold":10,"comparator":0,"startdate":"2026-10-01","enddate":"2026-10-31","rewardpoints":50}'
				  curl -s -X POST '%s/challenges/close?id=1' -H 'X-API-Token: %s' -H 'Prefer: wait=10'
				Ctrl-C stops everything.
				"""
			.formatted(startup.toMillis() / 1000.0, base, base, base, base, this.tokens.organisationId(),
					this.tokens.admin(), this.tokens.coordinator(), this.tokens.viewer(), this.tokens.participant(),
					(this.postgres != null) ? this.postgres.jdbcUrl() : "external",
					(this.kafka != null) ? this.kafka.bootstrapServers() : "external",
					this.settings.dataDirectory().toAbsolutePath(), base, this.tokens.admin(), base,
					this.tokens.admin());
	}

	@Override
	public synchronized void close() {
		for (int i = this.apps.size() - 1; i >= 0; i--) {
			try {
				this.apps.get(i).close();
			}
			catch (RuntimeException ex) {
				System.err.println("An app did not stop cleanly: " + ex);
			}
		}
		this.apps.clear();
		if (this.kafka != null) {
			this.kafka.close();
			this.kafka = null;
		}
		if (this.postgres != null) {
			this.postgres.close();
			this.postgres = null;
		}
	}

	private static void deleteRecursively(Path root) {
		if (!Files.exists(root)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(root)) {
			for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(p);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
