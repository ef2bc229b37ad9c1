/**
 * PostgreSQL (embedded binaries, {@code wal_level=logical}) or a single-node Kafka broker
 * (KRaft) as a process of its own, for {@code bin/podium-processes} and the multi-process
 * tests. Production runs real servers instead (see {@code infra/compose.yaml} and
 * {@code infra/kubernetes}).
 */
package dev.podium.infra;
