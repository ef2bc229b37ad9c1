/**
 * Real infrastructure started in-process: PostgreSQL from embedded binaries and a
 * single-node KRaft Kafka broker. Used by the local stack, the local server processes and
 * (through the test kit) the tests; no production app ships it.
 */
package dev.podium.platform.embedded;
