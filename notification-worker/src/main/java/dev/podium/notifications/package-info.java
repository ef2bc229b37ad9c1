/**
 * The notification-worker: consumes challenge events.
 */
package dev.podium.notifications;
