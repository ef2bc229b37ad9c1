/**
 * Health of what every app depends on: PostgreSQL and Kafka reachable (the readiness
 * group), the Kafka consumers alive (the liveness group).
 */
package dev.podium.platform.health;
