/**
 * Activities: the facts challenges score and auto-rules count, persisted idempotently by
 * (organisation, id).
 */
package dev.podium.platform.activity;
