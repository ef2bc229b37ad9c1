package dev.podium.closeworker;

import dev.podium.platform.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/**
 * The shape of the close-worker: feature packages without cycles, and nothing that
 * reaches into another app; what it ships holds no test support and no embedded
 * infrastructure.
 */
class ArchitectureTests {

	@Test
	void featurePackagesHaveNoCycles() {
		ArchitectureRules.featurePackagesHaveNoCycles("closeworker");
	}

	@Test
	void dependsOnNoOtherApp() {
		ArchitectureRules.dependsOnNoOtherApp("closeworker");
	}

	@Test
	void shipsNoTestSupport() {
		ArchitectureRules.shipsNoTestSupport(CloseWorkerApplication.class);
	}

	@Test
	void startsNoEmbeddedInfrastructure() {
		ArchitectureRules.startsNoEmbeddedInfrastructure(CloseWorkerApplication.class);
	}

}
