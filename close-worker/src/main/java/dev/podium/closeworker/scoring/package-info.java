/**
 * Scoring: computes every participant's metric over the activities and replaces the
 * results snapshot.
 */
package dev.podium.closeworker.scoring;
