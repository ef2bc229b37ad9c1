package dev.podium.closeworker;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The close-worker app: closes challenges and awards their winners; ingests activities.
 */
@SpringBootApplication
public class CloseWorkerApplication {

	/** The name of this app's configuration file ({@code close-worker.properties}). */
	public static final String CONFIG_NAME = "close-worker";

	public static void main(String[] args) {
		builder().run(args);
	}

	/** The app, ready to run alone or beside the others in the local stack. */
	public static SpringApplicationBuilder builder() {
		return new SpringApplicationBuilder(CloseWorkerApplication.class)
			.properties("spring.config.name=" + CONFIG_NAME);
	}

}
