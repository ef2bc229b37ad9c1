package dev.podium.notificationworker;

import dev.podium.platform.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/**
 * The shape of the notification-worker: feature packages without cycles, and nothing that
 * reaches into another app; what it ships holds no test support and no embedded
 * infrastructure.
 */
class ArchitectureTests {

	@Test
	void featurePackagesHaveNoCycles() {
		ArchitectureRules.featurePackagesHaveNoCycles("notificationworker");
	}

	@Test
	void dependsOnNoOtherApp() {
		ArchitectureRules.dependsOnNoOtherApp("notificationworker");
	}

	@Test
	void shipsNoTestSupport() {
		ArchitectureRules.shipsNoTestSupport(NotificationWorkerApplication.class);
	}

	@Test
	void startsNoEmbeddedInfrastructure() {
		ArchitectureRules.startsNoEmbeddedInfrastructure(NotificationWorkerApplication.class);
	}

}
