package dev.podium.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the executable jars ship, entry by entry with every nested jar opened: none holds
 * test support (the test kit's classes, a test library's), and only the local stack's
 * holds the embedded PostgreSQL and the in-process Kafka broker. Each jar must also show
 * what belongs in it, so that a jar read wrongly cannot pass.
 */
class AppJarsIT {

	/** Where test support shows: the test kit's package and the test libraries'. */
	private static final List<String> TEST_SUPPORT = List.of("dev/podium/platform/testing/", "org/junit/",
			"org/assertj/", "org/awaitility/", "org/mockito/", "org/hamcrest/", "org/springframework/test/",
			"org/springframework/boot/test/", "com/tngtech/archunit/", "org/openqa/selenium/");

	/**
	 * Where the embedded infrastructure shows: Podium's module, zonky's PostgreSQL,
	 * Kafka's broker.
	 */
	private static final List<String> EMBEDDED = List.of("dev/podium/platform/embedded/", "io/zonky/test/",
			"kafka/server/");

	@Test
	void theAppsJarsShipNoTestSupportAndNoEmbeddedInfrastructure() throws IOException {
		List<Path> jars = Arrays.stream(System.getProperty("podium.app.jars").split(",")).map(Path::of).toList();
		assertThat(jars).hasSize(4);
		for (Path jar : jars) {
			List<String> entries = entries(jar);
			assertThat(entries).as(jar + " ships the kernel")
				.anyMatch(
						(e) -> e.matches("BOOT-INF/lib/platform-[^/]*\\.jar!/dev/podium/platform/outbox/Outbox.class"));
			assertThat(under(entries, TEST_SUPPORT)).as(jar + ": test support").isEmpty();
			assertThat(under(entries, EMBEDDED)).as(jar + ": embedded infrastructure").isEmpty();
		}
	}

	@Test
	void theLocalStacksJarShipsTheEmbeddedInfrastructureAndNoTestSupport() throws IOException {
		List<String> entries = entries(Path.of(System.getProperty("podium.local.jar")));
		assertThat(under(entries, EMBEDDED)).as("the embedded infrastructure")
			.anyMatch((e) -> e.endsWith("!/dev/podium/platform/embedded/LocalPostgres.class"))
			.anyMatch((e) -> e.endsWith("!/io/zonky/test/db/postgres/embedded/EmbeddedPostgres.class"))
			.anyMatch((e) -> e.endsWith("!/kafka/server/KafkaRaftServer.class"));
		assertThat(under(entries, TEST_SUPPORT)).as("test support").isEmpty();
	}

	/**
	 * Every entry of a Spring Boot jar: its own, and those of each nested jar as
	 * {@code BOOT-INF/lib/x.jar!/path}.
	 */
	private static List<String> entries(Path jar) throws IOException {
		List<String> entries = new ArrayList<>();
		try (ZipFile zip = new ZipFile(jar.toFile())) {
			for (ZipEntry entry : Collections.list(zip.entries())) {
				entries.add(entry.getName());
				if (entry.getName().startsWith("BOOT-INF/lib/") && entry.getName().endsWith(".jar")) {
					try (InputStream in = zip.getInputStream(entry); ZipInputStream nested = new ZipInputStream(in)) {
						for (ZipEntry inner = nested.getNextEntry(); inner != null; inner = nested.getNextEntry()) {
							entries.add(entry.getName() + "!/" + inner.getName());
						}
					}
				}
			}
		}
		return entries;
	}

	/**
	 * The files (not directories) whose path, in the app's classes or a nested jar,
	 * starts with a prefix.
	 */
	private static List<String> under(List<String> entries, List<String> prefixes) {
		return entries.stream().filter((entry) -> !entry.endsWith("/")).filter((entry) -> {
			String path = entry.contains("!/") ? entry.substring(entry.indexOf("!/") + 2)
					: entry.replaceFirst("^BOOT-INF/classes/", "");
			return prefixes.stream().anyMatch(path::startsWith);
		}).toList();
	}

}
