/**
 * Webhook deliveries: every subscriber event fanned out to the matching subscriptions of
 * its organisation (one delivery row each, idempotent), sent signed per the Standard
 * Webhooks specification, retried with back-off for about a day, shared between instances
 * by row claims.
 */
package dev.podium.notificationworker.webhooks;
