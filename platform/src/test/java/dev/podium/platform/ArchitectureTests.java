package dev.podium.platform;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The shape of the platform: feature packages without cycles, and nothing that reaches
 * into another app.
 */
class ArchitectureTests {

	private final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.podium.platform");

	@Test
	void featurePackagesHaveNoCycles() {
		slices().matching("dev.podium.platform.(*)..").should().beFreeOfCycles().check(this.classes);
	}

	@Test
	void noAppDependsOnAnotherApp() {
		noClasses().should().dependOnClassesThat().resideInAnyPackage(otherApps()).check(this.classes);
	}

	private static String[] otherApps() {
		return java.util.stream.Stream.of("edge", "closeworker", "badgeruleworker", "notificationworker", "local")
			.filter((app) -> !app.equals("platform"))
			.map((app) -> "dev.podium." + app + "..")
			.toArray(String[]::new);
	}

}
