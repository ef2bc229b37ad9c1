/**
 * The participant directory: display names for participants.
 */
package dev.podium.edge.participant;
