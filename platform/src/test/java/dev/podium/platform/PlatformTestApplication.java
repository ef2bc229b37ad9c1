package dev.podium.platform;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A bare app with the platform's auto-configuration, for the platform's own integration
 * tests.
 */
@SpringBootApplication
public class PlatformTestApplication {

}
