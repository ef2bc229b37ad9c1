package dev.podium.closeworker.closing;

/**
 * What a close needs of a challenge, read under its row lock.
 *
 * @param id the challenge
 * @param organisationId its organisation
 * @param name its name (the notes of every award)
 * @param closed whether it is closed already
 * @param rewardPoints points per winner
 * @param rewardBadgeId the badge per winner, or null
 */
record ClosingChallenge(long id, long organisationId, String name, boolean closed, long rewardPoints,
		Long rewardBadgeId) {

}
