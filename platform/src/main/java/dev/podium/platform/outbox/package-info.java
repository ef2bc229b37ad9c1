/**
 * The transactional outbox: messages written in the same transaction as the change they
 * announce.
 */
package dev.podium.platform.outbox;
