/**
 * nudj-compatible challenges (seeds 001 and 002, PRODUCT.md surface C): the admin partial
 * update and the integration read of one challenge, over the same challenges as
 * {@code /challenges}, with 24-hex ids.
 */
package dev.podium.edge.compat.nudj;
