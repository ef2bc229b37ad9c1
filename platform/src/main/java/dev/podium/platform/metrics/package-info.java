/**
 * What every app exports on {@code /actuator/prometheus} beyond Spring's own meters: jobs
 * by type and status, the relay's replication slot.
 */
package dev.podium.platform.metrics;
