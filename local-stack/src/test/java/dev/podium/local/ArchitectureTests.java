package dev.podium.local;

import dev.podium.platform.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/**
 * The local stack runs on the embedded infrastructure, but what it ships holds no test
 * support (its jar's contents: {@code AppJarsIT}).
 */
class ArchitectureTests {

	@Test
	void shipsNoTestSupport() {
		ArchitectureRules.shipsNoTestSupport(LocalStack.class);
	}

}
