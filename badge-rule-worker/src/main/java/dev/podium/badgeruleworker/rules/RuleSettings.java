package dev.podium.badgeruleworker.rules;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the rule evaluation ({@code podium.rules.*}).
 *
 * @param activityWriter the consumer group that writes the activities (the
 * close-worker's): this worker counts a poll's activities once that group's committed
 * offsets have passed them
 * @param activityWriterWait how long a poll waits for that group while it has running
 * members before this worker writes the poll's activities itself
 */
@ConfigurationProperties("podium.rules")
record RuleSettings(String activityWriter, Duration activityWriterWait) {

}
