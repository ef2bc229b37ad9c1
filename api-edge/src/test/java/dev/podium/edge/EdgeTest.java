package dev.podium.edge;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.podium.platform.testing.RealInfrastructure;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * The edge alone on a random port, against the real test database and broker. No worker
 * runs, so jobs stay queued unless a test ends them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = EdgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.name=edge", "podium.edge.max-body-bytes=65536" })
@ContextConfiguration(initializers = RealInfrastructure.class)
public @interface EdgeTest {

}
