/**
 * What the webhook REST API and the webhook dispatcher share: settings, the signing
 * secrets (generated, sealed with AES-GCM, opened), the address policy that keeps
 * deliveries away from private networks, and the event types a subscription may filter
 * on.
 */
package dev.podium.platform.webhook;
