/**
 * Organisations: the tenants every row belongs to.
 */
package dev.podium.platform.organisation;
