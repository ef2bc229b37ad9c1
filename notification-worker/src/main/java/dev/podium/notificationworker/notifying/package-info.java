/**
 * In-app notifications: one per participant concerned by each challenge award, badge
 * grant and close, written set-based from the participant and challenge event topics and
 * idempotent by the id of the event each one announces.
 */
package dev.podium.notificationworker.notifying;
