/**
 * The caller's organisation and its settings over HTTP: time zone, auto-close hook,
 * points expiry policy.
 */
package dev.podium.edge.organisation;
