/**
 * Badge grants as signed Open Badges 3.0 credentials: organisation keys, the revocation
 * status list and public verification.
 */
package dev.podium.edge.credential;
