/**
 * Badge auto-rules: reacts to closes, points and activities (for now it records each
 * close once).
 */
package dev.podium.badgeruleworker.rules;
