/**
 * The points ledger over HTTP (surface A): the listing with its totals, spending (redeem,
 * expire, adjust) exact under concurrency, and the points expiry job's trigger.
 */
package dev.podium.edge.ledger;
