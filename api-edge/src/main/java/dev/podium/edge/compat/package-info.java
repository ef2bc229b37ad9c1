/**
 * Drop-in compatible APIs of other products over Podium's own data (PRODUCT.md surfaces B
 * and C): the badge-definitions contract (seed 003) and nudj's challenge API (seeds 001,
 * 002), with the strict JSON reading they share.
 */
package dev.podium.edge.compat;
