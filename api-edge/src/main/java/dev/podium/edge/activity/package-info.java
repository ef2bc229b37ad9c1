/**
 * Activity ingestion: validated batches produced to the activities topic.
 */
package dev.podium.edge.activity;
