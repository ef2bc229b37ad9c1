/**
 * Idempotency keys on mutating POSTs: the same key with the same request replays the
 * first answer.
 */
package dev.podium.edge.idempotency;
