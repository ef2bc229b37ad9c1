/**
 * Challenges over HTTP (surface A): create, read, and the commands that run as jobs.
 */
package dev.podium.edge.challenge;
