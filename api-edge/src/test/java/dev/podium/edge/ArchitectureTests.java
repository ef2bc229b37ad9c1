package dev.podium.edge;

import dev.podium.platform.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/**
 * The shape of the api-edge: feature packages without cycles, and nothing that reaches
 * into another app; what it ships holds no test support and no embedded infrastructure.
 */
class ArchitectureTests {

	@Test
	void featurePackagesHaveNoCycles() {
		ArchitectureRules.featurePackagesHaveNoCycles("edge");
	}

	@Test
	void dependsOnNoOtherApp() {
		ArchitectureRules.dependsOnNoOtherApp("edge");
	}

	@Test
	void shipsNoTestSupport() {
		ArchitectureRules.shipsNoTestSupport(EdgeApplication.class);
	}

	@Test
	void startsNoEmbeddedInfrastructure() {
		ArchitectureRules.startsNoEmbeddedInfrastructure(EdgeApplication.class);
	}

}
