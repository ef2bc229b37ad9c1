/**
 * The REST edge: validates requests, commits small writes itself, and for heavy work
 * records a job and publishes its command through the outbox.
 */
package dev.podium.edge;
