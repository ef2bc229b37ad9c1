package dev.podium.platform.testing;

import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The rules every app's {@code ArchitectureTests} checks: its feature packages have no
 * cycles, and it reaches into no other app.
 */
public final class ArchitectureRules {

	private static final List<String> APPS = List.of("edge", "closeworker", "badgeruleworker", "notificationworker",
			"local", "platform");

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

}
