package dev.podium.local;

import java.nio.file.Path;
import java.time.Duration;

import dev.podium.platform.testing.RealInfrastructure;

/**
 * The four apps, started once per test JVM on the test infrastructure and shared by the
 * test classes (each test works in its own organisation).
 */
final class SharedStack {

	private static LocalStack stack;

	private SharedStack() {
	}

	static synchronized LocalStack get() {
		if (stack == null) {
			stack = LocalStack.startApps(new LocalSettings(0, false, Path.of("unused"), 0, 0, 3, null),
					RealInfrastructure.jdbcUrl(), RealInfrastructure.bootstrapServers());
			Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "shared-stack-stop"));
			SettledConsumerGroups.await(stack.apps(), RealInfrastructure.bootstrapServers(), Duration.ofMinutes(2));
		}
		return stack;
	}

}
