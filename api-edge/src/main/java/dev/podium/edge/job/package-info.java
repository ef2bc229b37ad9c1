/**
 * Jobs over HTTP: polling, listing, cancelling, and answering {@code Prefer: wait} when a
 * job ends.
 */
package dev.podium.edge.job;
