package dev.podium.platform.kafka;

/**
 * A message that can never be handled (malformed, missing its CloudEvents headers, of an
 * unknown type). It goes to the dead-letter topic at once, without retries.
 */
public class PoisonMessage extends RuntimeException {

	public PoisonMessage(String message) {
		super(message);
	}

	public PoisonMessage(String message, Throwable cause) {
		super(message, cause);
	}

}
