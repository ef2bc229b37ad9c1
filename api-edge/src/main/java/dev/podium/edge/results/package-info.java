/**
 * A challenge's results over HTTP: the leaderboard, its CSV export, and snapshot uploads.
 */
package dev.podium.edge.results;
