/**
 * The badge-rule-worker: consumes challenge events.
 */
package dev.podium.badgerules;
