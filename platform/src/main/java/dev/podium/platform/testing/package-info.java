/**
 * Test support: one real PostgreSQL and one real Kafka broker per test JVM, handed to
 * Spring contexts.
 */
package dev.podium.platform.testing;
