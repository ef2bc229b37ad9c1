package dev.podium.platform.security;

/**
 * Who is calling: the organisation and role of a valid token, and for a participant token
 * the participant it speaks for.
 *
 * @param organisationId the token's organisation
 * @param tokenId the token's id (never the secret)
 * @param role the token's role
 * @param participantType the participant's type for a participant token, else null
 * @param participantId the participant's id for a participant token, else null
 */
public record Caller(long organisationId, long tokenId, Role role, Integer participantType, Long participantId) {

	public boolean is(Role... roles) {
		for (Role r : roles) {
			if (r == this.role) {
				return true;
			}
		}
		return false;
	}

}
