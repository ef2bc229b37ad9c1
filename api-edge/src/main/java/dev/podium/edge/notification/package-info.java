/**
 * In-app notifications over HTTP (surface D): a participant's notifications, newest
 * first, and marking them read. The notification-worker (and the badge-rule-worker, for
 * its grants) writes them.
 */
package dev.podium.edge.notification;
