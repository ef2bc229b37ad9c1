/**
 * Badge auto-rules: evaluates the organisations' live rules when challenges close, points
 * change and activities arrive, and back-fills a new rule; grants with their
 * notifications and events.
 */
package dev.podium.badgeruleworker.rules;
