package dev.podium.edge.web;

import dev.podium.platform.error.ApiException;
import dev.podium.platform.security.Caller;
import dev.podium.platform.security.Role;

/**
 * The {@code participanttype} (0 to 4) and {@code participantid} query parameters, either
 * of which may be absent unless required. A participant token speaks only for itself: any
 * other participant it names is answered like a missing record (404).
 *
 * @param type the participant type, or null
 * @param id the participant id, or null
 */
public record ParticipantFilter(Integer type, Long id) {

	public static ParticipantFilter of(String type, String id, boolean required) {
		Integer t = null;
		Long i = null;
		if (type != null && !type.isBlank()) {
			try {
				t = Integer.parseInt(type.strip());
			}
			catch (NumberFormatException ex) {
				t = -1;
			}
			if (t < 0 || t > 4) {
				throw ApiException.badRequest("participanttype", "participanttype must be 0 to 4");
			}
		}
		else if (required) {
			throw ApiException.badRequest("participanttype", "participanttype is required");
		}
		if (id != null && !id.isBlank()) {
			try {
				i = Long.parseLong(id.strip());
			}
			catch (NumberFormatException ex) {
				i = -1L;
			}
			if (i < 0) {
				throw ApiException.badRequest("participantid", "participantid must be a non-negative integer");
			}
		}
		else if (required) {
			throw ApiException.badRequest("participantid", "participantid is required");
		}
		return new ParticipantFilter(t, i);
	}

	/**
	 * The filter a caller may use: itself for a participant token (404 when it names
	 * another participant), as asked for every other role.
	 */
	public ParticipantFilter forCaller(Caller caller) {
		if (!caller.is(Role.PARTICIPANT)) {
			return this;
		}
		if ((this.type != null && !this.type.equals(caller.participantType()))
				|| (this.id != null && !this.id.equals(caller.participantId()))) {
			throw ApiException.notFound("participant");
		}
		return new ParticipantFilter(caller.participantType(), caller.participantId());
	}

}
