/**
 * Badges over HTTP (surface A): badge definitions, their auto-rules, and badge grants
 * (listing, manual grants and revocations with their events).
 */
package dev.podium.edge.badge;
