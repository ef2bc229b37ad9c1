/**
 * API tokens and roles: tokens are random secrets shown once and stored only as SHA-256
 * hashes.
 */
package dev.podium.platform.security;
