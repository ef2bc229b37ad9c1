/**
 * Points leaderboards over a calendar or rolling window in the organisation's time zone.
 */
package dev.podium.edge.leaderboard;
