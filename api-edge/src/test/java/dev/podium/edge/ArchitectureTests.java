package dev.podium.edge;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The shape of the api-edge: feature packages without cycles, and nothing that reaches
 * into another app.
 */
class ArchitectureTests {

	private final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.podium.edge");

	@Test
	void featurePackagesHaveNoCycles() {
		slices().matching("dev.podium.edge.(*)..").should().beFreeOfCycles().check(this.classes);
	}

	@Test
	void noAppDependsOnAnotherApp() {
		noClasses().should().dependOnClassesThat().resideInAnyPackage(otherApps()).check(this.classes);
	}

	private static String[] otherApps() {
		return java.util.stream.Stream.of("edge", "closeworker", "badgeruleworker", "notificationworker", "local")
			.filter((app) -> !app.equals("edge"))
			.map((app) -> "dev.podium." + app + "..")
			.toArray(String[]::new);
	}

}
