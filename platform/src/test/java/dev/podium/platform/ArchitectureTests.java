package dev.podium.platform;

import dev.podium.contracts.Topics;
import dev.podium.platform.config.PlatformAutoConfiguration;
import dev.podium.platform.embedded.LocalPostgres;
import dev.podium.platform.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/**
 * The shape of the platform: feature packages without cycles, and nothing that reaches
 * into another app. Neither the kernel nor what lies beneath it (the contracts, the
 * embedded infrastructure, which cannot use the kit themselves) ships test support, and
 * the kernel, in every app's jar, starts no embedded infrastructure.
 */
class ArchitectureTests {

	@Test
	void featurePackagesHaveNoCycles() {
		ArchitectureRules.featurePackagesHaveNoCycles("platform");
	}

	@Test
	void dependsOnNoOtherApp() {
		ArchitectureRules.dependsOnNoOtherApp("platform");
	}

	@Test
	void theKernelShipsNoTestSupport() {
		ArchitectureRules.shipsNoTestSupport(PlatformAutoConfiguration.class);
	}

	@Test
	void theKernelStartsNoEmbeddedInfrastructure() {
		ArchitectureRules.startsNoEmbeddedInfrastructure(PlatformAutoConfiguration.class);
	}

	@Test
	void theEmbeddedInfrastructureShipsNoTestSupport() {
		ArchitectureRules.shipsNoTestSupport(LocalPostgres.class);
	}

	@Test
	void theContractsShipNoTestSupport() {
		ArchitectureRules.shipsNoTestSupport(Topics.class);
	}

}
