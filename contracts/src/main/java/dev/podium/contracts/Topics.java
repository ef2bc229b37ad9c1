package dev.podium.contracts;

import java.util.List;

/**
 * The Kafka topics Podium uses. Keys: commands by challenge id or organisation (rule
 * commands by rule id), participant events by {@code "<type>:<id>"}, challenge events by
 * challenge id, job events by job id.
 */
public final class Topics {

	/**
	 * Commands for the close-worker (compute, preview, close, auto-close, delete).
	 */
	public static final String COMMANDS = "podium.commands";

	/**
	 * The close-worker's bulk lane: the same commands as {@link #COMMANDS} when they are
	 * large (a challenge whose snapshot holds more than the edge's bulk threshold of
	 * participants; an organisation-wide auto-close or expiry), so that a close of a
	 * million winners never holds up the small closes that hash to its partition.
	 */
	public static final String BULK_COMMANDS = "podium.bulk-commands";

	/**
	 * Commands for the badge-rule-worker (rule back-fills and their previews), keyed by
	 * rule id.
	 */
	public static final String RULE_COMMANDS = "podium.rule-commands";

	/** Activities sent by integrators, keyed by participant. */
	public static final String ACTIVITIES = "podium.activities";

	/** Challenge lifecycle events such as {@link MessageTypes#CHALLENGE_CLOSED}. */
	public static final String CHALLENGE_EVENTS = "podium.challenge-events";

	/**
	 * Points and badge events, keyed by participant so that each participant's events
	 * stay in order.
	 */
	public static final String PARTICIPANT_EVENTS = "podium.participant-events";

	/** Job lifecycle events such as {@link MessageTypes#JOB_FINISHED}. */
	public static final String JOB_EVENTS = "podium.job-events";

	/** Suffix of the dead-letter topic that stands beside every topic. */
	public static final String DEAD_LETTER_SUFFIX = ".dlt";

	/** Every topic Podium reads or writes (without the dead-letter topics). */
	public static final List<String> ALL = List.of(COMMANDS, BULK_COMMANDS, ACTIVITIES, CHALLENGE_EVENTS,
			PARTICIPANT_EVENTS, JOB_EVENTS, RULE_COMMANDS);

	private Topics() {
	}

	/**
	 * The dead-letter topic of a topic.
	 * @param topic a topic of {@link #ALL}
	 * @return its dead-letter topic
	 */
	public static String deadLetter(String topic) {
		return topic + DEAD_LETTER_SUFFIX;
	}

}
