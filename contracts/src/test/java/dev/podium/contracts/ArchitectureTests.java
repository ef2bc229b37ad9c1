package dev.podium.contracts;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * Other teams read the contracts: they depend on the JDK only.
 */
class ArchitectureTests {

	@Test
	void contractsDependOnTheJdkOnly() {
		classes().should()
			.onlyDependOnClassesThat()
			.resideInAnyPackage("java..", "dev.podium.contracts..")
			.check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
				.importPackages("dev.podium.contracts"));
	}

}
