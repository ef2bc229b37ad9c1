/**
 * Notifying participants and subscribers of closes and grants (for now it records each
 * close once).
 */
package dev.podium.notificationworker.notifying;
