package dev.podium.infra;

import dev.podium.platform.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/**
 * The local server processes run on the embedded infrastructure, but what the module
 * ships holds no test support.
 */
class ArchitectureTests {

	@Test
	void shipsNoTestSupport() {
		ArchitectureRules.shipsNoTestSupport(LocalServer.class);
	}

}
