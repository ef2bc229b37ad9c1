/**
 * The close-worker: consumes commands and closes challenges, all-or-nothing and exactly
 * once.
 */
package dev.podium.closing;
