/**
 * Webhooks over HTTP (surface D): subscriptions with their signing secrets (shown once,
 * rotated with a window), the delivery log and replays. The notification-worker sends the
 * deliveries.
 */
package dev.podium.edge.webhook;
