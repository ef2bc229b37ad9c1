/**
 * The participant directory: display names, credential recipients and the opt-out from
 * public leaderboards.
 */
package dev.podium.edge.participant;
