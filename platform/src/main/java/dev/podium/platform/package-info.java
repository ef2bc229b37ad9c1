/**
 * The kernel every Podium app ships: schema migrations, the outbox and its relay, the
 * inbox, jobs, Kafka error handling and security plumbing.
 */
package dev.podium.platform;
