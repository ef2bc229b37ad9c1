package dev.podium.notificationworker.notifying;

import java.util.UUID;

import dev.podium.contracts.ChallengeClosed;

/**
 * A close event as received.
 *
 * @param eventId its {@code ce_id}: each participant's notification id derives from it
 * @param event the event
 */
record Close(UUID eventId, ChallengeClosed event) {

}
