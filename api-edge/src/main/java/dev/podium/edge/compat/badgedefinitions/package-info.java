/**
 * {@code /api/v1/badge-definitions} (seed 003, PRODUCT.md surface B): badge definitions
 * over the same badges and auto-rules as {@code /badges}, a definition's criteria stored
 * as its badge's activity rule.
 */
package dev.podium.edge.compat.badgedefinitions;
