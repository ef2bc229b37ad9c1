/**
 * The notification-worker app; its features are the packages below.
 */
package dev.podium.notificationworker;
