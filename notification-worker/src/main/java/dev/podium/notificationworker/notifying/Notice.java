package dev.podium.notificationworker.notifying;

import java.time.Instant;
import java.util.UUID;

/**
 * One notification to write for one participant event.
 *
 * @param eventId the {@code ce_id} of the event it announces (unique: a redelivered event
 * writes nothing)
 * @param organisationId the organisation
 * @param participantType the participant's type
 * @param participantId the participant's id
 * @param kind {@code points_awarded} or {@code badge_granted}
 * @param title a human-readable line
 * @param body the details, a JSON object
 * @param createdAt when the awarded or granted thing happened
 */
record Notice(UUID eventId, long organisationId, int participantType, long participantId, String kind, String title,
		String body, Instant createdAt) {

}
