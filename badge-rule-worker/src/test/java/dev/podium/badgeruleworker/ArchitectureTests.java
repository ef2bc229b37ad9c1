package dev.podium.badgeruleworker;

import dev.podium.platform.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/**
 * The shape of the badge-rule-worker: feature packages without cycles, and nothing that
 * reaches into another app; what it ships holds no test support and no embedded
 * infrastructure.
 */
class ArchitectureTests {

	@Test
	void featurePackagesHaveNoCycles() {
		ArchitectureRules.featurePackagesHaveNoCycles("badgeruleworker");
	}

	@Test
	void dependsOnNoOtherApp() {
		ArchitectureRules.dependsOnNoOtherApp("badgeruleworker");
	}

	@Test
	void shipsNoTestSupport() {
		ArchitectureRules.shipsNoTestSupport(BadgeRuleWorkerApplication.class);
	}

	@Test
	void startsNoEmbeddedInfrastructure() {
		ArchitectureRules.startsNoEmbeddedInfrastructure(BadgeRuleWorkerApplication.class);
	}

}
