package dev.podium.badgeruleworker;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The badge-rule-worker app: evaluates badge auto-rules and grants career badges.
 */
@SpringBootApplication
public class BadgeRuleWorkerApplication {

	/**
	 * The name of this app's configuration file ({@code badge-rule-worker.properties}).
	 */
	public static final String CONFIG_NAME = "badge-rule-worker";

	public static void main(String[] args) {
		builder().run(args);
	}

	/** The app, ready to run alone or beside the others in the local stack. */
	public static SpringApplicationBuilder builder() {
		return new SpringApplicationBuilder(BadgeRuleWorkerApplication.class)
			.properties("spring.config.name=" + CONFIG_NAME);
	}

}
