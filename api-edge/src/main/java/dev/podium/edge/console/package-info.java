/**
 * The operator console: static files under {@code /console/}, served without a token with
 * their security headers; every call they make goes to the JSON API with the user's
 * token.
 */
package dev.podium.edge.console;
