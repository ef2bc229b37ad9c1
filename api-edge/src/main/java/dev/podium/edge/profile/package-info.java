/**
 * The participant profile over HTTP (surface A): points, badges, open challenges and the
 * latest ledger rows of one participant.
 */
package dev.podium.edge.profile;
