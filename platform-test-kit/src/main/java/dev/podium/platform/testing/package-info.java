/**
 * The test kit, used with test scope only: one real PostgreSQL and one real Kafka broker
 * per test JVM handed to Spring contexts, clients and receivers as integrators use them,
 * the benchmark report and the architecture rules.
 */
package dev.podium.platform.testing;
