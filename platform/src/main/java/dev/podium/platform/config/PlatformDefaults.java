package dev.podium.platform.config;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * Adds {@code podium-defaults.properties} as the lowest-precedence property source of
 * every app, so that the settings all apps share (addresses from environment variables,
 * Kafka and actuator defaults) are written once. Anything an app, its config file or the
 * environment sets wins.
 */
public class PlatformDefaults implements EnvironmentPostProcessor {

	static final String NAME = "podium-defaults";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		try {
			environment.getPropertySources()
				.addLast(new ResourcePropertySource(NAME, new ClassPathResource("podium-defaults.properties")));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
