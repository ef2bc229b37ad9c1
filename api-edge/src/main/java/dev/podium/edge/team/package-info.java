/**
 * Teams over HTTP (surface A): rosters of units and users that challenges of scope 4
 * score; delete is soft and inactive teams are not scored.
 */
package dev.podium.edge.team;
