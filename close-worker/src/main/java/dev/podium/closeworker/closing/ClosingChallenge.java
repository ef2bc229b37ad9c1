package dev.podium.closeworker.closing;

/**
 * What a close needs of a challenge, read under its row lock.
 *
 * @param id the challenge
 * @param organisationId its organisation
 * @param name its name (the notes of every award)
 * @param closed whether it is closed already
 * @param rewardPoints points per winner outside every payout band
 * @param rewardBadgeId the badge per winner, or null
 * @param payoutBands the payout bands as a JSON array of {@code fromrank, torank, points}
 * ({@code []} for none)
 * @param maxWinners the cap on winners, or null for none
 */
record ClosingChallenge(long id, long organisationId, String name, boolean closed, long rewardPoints,
		Long rewardBadgeId, String payoutBands, Integer maxWinners) {

	ClosingChallenge {
		payoutBands = (payoutBands == null) ? "[]" : payoutBands;
	}

	/**
	 * Whether the challenge pays by band (else every winner gets {@code rewardPoints}).
	 */
	boolean banded() {
		return !"[]".equals(this.payoutBands);
	}

}
