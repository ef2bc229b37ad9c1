/**
 * The inbox: each consumer records the id of every message it handled in the same
 * transaction as the message's effects, so that a redelivered message changes nothing.
 */
package dev.podium.platform.inbox;
