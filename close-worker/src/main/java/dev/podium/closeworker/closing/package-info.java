/**
 * Closing challenges: consumes close commands and closes each challenge all-or-nothing,
 * exactly once.
 */
package dev.podium.closeworker.closing;
