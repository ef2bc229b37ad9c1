/**
 * Points expiry: an organisation's earned points expire a number of days after they were
 * earned, oldest first and net of what was spent; run daily per organisation by a
 * scheduler and on demand as a job.
 */
package dev.podium.closeworker.expiry;
