/**
 * Kafka plumbing every worker shares: topics, message decoding, dead-lettering with
 * back-off, and the health of the listener containers.
 */
package dev.podium.platform.kafka;
