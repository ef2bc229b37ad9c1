package dev.podium.edge;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The api-edge app.
 */
@SpringBootApplication
public class EdgeApplication {

	/** The name of this app's configuration file ({@code edge.properties}). */
	public static final String CONFIG_NAME = "edge";

	public static void main(String[] args) {
		builder().run(args);
	}

	/** The app, ready to run alone or beside the others in the local stack. */
	public static SpringApplicationBuilder builder() {
		return new SpringApplicationBuilder(EdgeApplication.class).properties("spring.config.name=" + CONFIG_NAME);
	}

}
