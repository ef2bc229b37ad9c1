/**
 * Results snapshots: every participant's metric value, whether it met the challenge, and
 * its rank.
 */
package dev.podium.platform.results;
