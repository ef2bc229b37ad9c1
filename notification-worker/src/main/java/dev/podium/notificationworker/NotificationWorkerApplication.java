package dev.podium.notificationworker;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The notification-worker app: in-app notifications and webhook deliveries.
 */
@SpringBootApplication
public class NotificationWorkerApplication {

	/**
	 * The name of this app's configuration file ({@code notification-worker.properties}).
	 */
	public static final String CONFIG_NAME = "notification-worker";

	public static void main(String[] args) {
		builder().run(args);
	}

	/** The app, ready to run alone or beside the others in the local stack. */
	public static SpringApplicationBuilder builder() {
		return new SpringApplicationBuilder(NotificationWorkerApplication.class)
			.properties("spring.config.name=" + CONFIG_NAME);
	}

}
