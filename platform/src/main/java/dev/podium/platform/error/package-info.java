/**
 * Failures that reach a client, as the seed's error body {@code {"error","field","code"}}
 * with a status.
 */
package dev.podium.platform.error;
