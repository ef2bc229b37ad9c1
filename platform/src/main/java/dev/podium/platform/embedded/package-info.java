/**
 * Real infrastructure started in-process: PostgreSQL from embedded binaries and a
 * single-node KRaft Kafka broker. Used by the tests and by the local stack; production
 * apps never start them.
 */
package dev.podium.platform.embedded;
