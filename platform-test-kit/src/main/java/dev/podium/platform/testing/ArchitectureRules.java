package dev.podium.platform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The rules every app's {@code ArchitectureTests} checks: its feature packages have no
 * cycles, it reaches into no other app, and what it ships holds no test support (nor, but
 * for the local stack, the embedded infrastructure).
 */
public final class ArchitectureRules {

	private static final List<String> APPS = List.of("edge", "closeworker", "badgeruleworker", "notificationworker",
			"local", "platform");

	/** The test kit's package: test support, used with test scope only. */
	private static final String TEST_KIT = "dev.podium.platform.testing..";

	/** Libraries only tests use. */
	private static final String[] TEST_LIBRARIES = { TEST_KIT, "org.junit..", "org.assertj..", "org.awaitility..",
			"org.mockito..", "org.hamcrest..", "org.testcontainers..", "org.springframework.test..",
			"org.springframework.boot.test..", "org.springframework.kafka.test..", "com.tngtech.archunit..",
			"org.openqa.selenium.." };

	/**
	 * The embedded PostgreSQL and the in-process Kafka broker: Podium's module and the
	 * server side of what it starts (the Kafka clients are not in these packages).
	 */
	private static final String[] EMBEDDED_INFRASTRUCTURE = { "dev.podium.platform.embedded..", "io.zonky..", "kafka..",
			"org.apache.kafka.metadata..", "org.apache.kafka.raft..", "org.apache.kafka.server.common.." };

	private ArchitectureRules() {
	}

	/** The app's main classes, without tests. */
	public static JavaClasses classesOf(String app) {
		return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("dev.podium." + app);
	}

	public static void featurePackagesHaveNoCycles(String app) {
		slices().matching("dev.podium." + app + ".(*)..").should().beFreeOfCycles().check(classesOf(app));
	}

	/** No app depends on another; the platform depends on none of them. */
	public static void dependsOnNoOtherApp(String app) {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage(APPS.stream()
				.filter((other) -> !other.equals(app) && !"platform".equals(other))
				.map((other) -> "dev.podium." + other + "..")
				.toArray(String[]::new))
			.check(classesOf(app));
	}

	/**
	 * The classes a module ships: its {@code src/main} as built (the classes directory,
	 * or its jar when the reactor hands over the packaged module), found from one of
	 * them.
	 * @param member any class of the module
	 * @return its main classes, none of its tests
	 */
	public static JavaClasses shippedWith(Class<?> member) {
		try {
			Path location = Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI());
			if (Files.isDirectory(location)) {
				return new ClassFileImporter().importPath(location);
			}
			try (JarFile jar = new JarFile(location.toFile())) {
				return new ClassFileImporter().importJar(jar);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Nothing a module ships is test support: no class in the test kit's package, none
	 * that uses the kit or a test library.
	 * @param member any class of the module
	 */
	public static void shipsNoTestSupport(Class<?> member) {
		JavaClasses shipped = shippedWith(member);
		noClasses().should()
			.resideInAPackage(TEST_KIT)
			.because("test support lives in the test kit, which apps use with test scope only")
			.check(shipped);
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage(TEST_LIBRARIES)
			.because("test libraries and the test kit are on no app's runtime class path")
			.check(shipped);
	}

	/**
	 * A module that production apps ship starts no embedded PostgreSQL or Kafka broker:
	 * that is the local stack's (and, through the kit, the tests').
	 * @param member any class of the module
	 */
	public static void startsNoEmbeddedInfrastructure(Class<?> member) {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage(EMBEDDED_INFRASTRUCTURE)
			.because("only the local stack runs on the embedded infrastructure")
			.check(shippedWith(member));
	}

}
