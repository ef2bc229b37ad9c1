/**
 * The outbox relay: Debezium's embedded engine streams the outbox table's inserts from a
 * logical replication slot to Kafka. The slot admits one reader at a time, which makes it
 * the relay's leader election.
 */
package dev.podium.platform.relay;
