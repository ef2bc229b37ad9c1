/**
 * What every Podium app shares: schema migrations, the outbox and its relay, the inbox,
 * jobs, Kafka error handling, security plumbing and the embedded infrastructure for tests
 * and the local stack.
 */
package dev.podium.platform;
