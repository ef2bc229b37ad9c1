/**
 * Jobs: heavy commands run as jobs that move through queued, running and an end state,
 * each move in the same transaction as the work it reports.
 */
package dev.podium.platform.job;
