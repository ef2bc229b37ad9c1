package dev.podium.platform.relay;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the outbox relay.
 *
 * @param enabled whether this app tries to relay (every app may; one holds the slot at a
 * time)
 * @param slotName the logical replication slot (created by the migrations)
 * @param publicationName the publication on the outbox table (created by the migrations)
 * @param pollInterval how often Debezium polls for new changes; the default 500 ms gave a
 * ~590 ms median
 * @param retryDelay how long a standby waits before trying for the slot again
 * @param offsetFlushInterval how often offsets are stored; shorter means fewer duplicates
 * after a crash
 * @param heartbeatInterval how often an idle relay writes a heartbeat row
 * @param readAhead the most bytes of outbox rows read from the slot but not yet
 * published: what the relay may read past a large close to reach other organisations'
 * rows
 * @param inFlight the most records sent to Kafka and not yet acknowledged
 * @param compression the producer's compression of relayed records
 * @param longestWithoutCommit how long the relay may read on without storing offsets
 * while rows stay outstanding; then it waits until everything it has read is published
 * and stores them, so that the slot's WAL and what a crash re-sends stay bounded
 */
@ConfigurationProperties("podium.relay")
public record RelaySettings(@DefaultValue("true") boolean enabled, @DefaultValue("podium_outbox") String slotName,
		@DefaultValue("podium_outbox") String publicationName, @DefaultValue("10ms") Duration pollInterval,
		@DefaultValue("500ms") Duration retryDelay, @DefaultValue("0ms") Duration offsetFlushInterval,
		@DefaultValue("10s") Duration heartbeatInterval, @DefaultValue("128MB") DataSize readAhead,
		@DefaultValue("20000") int inFlight, @DefaultValue("lz4") String compression,
		@DefaultValue("2m") Duration longestWithoutCommit) {

}
