/**
 * Wires the platform into every app: shared defaults, beans, topics, error handling, the
 * relay.
 */
package dev.podium.platform.config;
