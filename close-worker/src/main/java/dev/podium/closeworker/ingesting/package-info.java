/**
 * Ingesting activities: persists the activities topic in batches, idempotent by
 * (organisation, id).
 */
package dev.podium.closeworker.ingesting;
