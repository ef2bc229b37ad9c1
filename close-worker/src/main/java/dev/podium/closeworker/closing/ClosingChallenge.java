package dev.podium.closeworker.closing;

import java.util.List;

/**
 * What a close needs of a challenge, read under its row lock.
 *
 * @param id the challenge
 * @param organisationId its organisation
 * @param name its name (the notes of every award)
 * @param closed whether it is closed already
 * @param rewardPoints points per winner outside every payout band
 * @param rewardBadgeId the badge per winner, or null
 * @param bands the payout bands, sorted by rank and not overlapping (empty: none)
 * @param maxWinners the cap on winners, or null for none
 */
record ClosingChallenge(long id, long organisationId, String name, boolean closed, long rewardPoints,
		Long rewardBadgeId, List<Band> bands, Integer maxWinners) {

	ClosingChallenge {
		bands = List.copyOf(bands);
	}

	/**
	 * Whether the challenge pays by band (else every winner gets {@code rewardPoints}).
	 */
	boolean banded() {
		return !this.bands.isEmpty();
	}

	/** The bands' first ranks, ascending: the thresholds of {@code width_bucket}. */
	Integer[] fromRanks() {
		return this.bands.stream().map(Band::fromRank).toArray(Integer[]::new);
	}

	/** The bands' last ranks, in the same order. */
	Integer[] toRanks() {
		return this.bands.stream().map(Band::toRank).toArray(Integer[]::new);
	}

	/** The bands' points, in the same order. */
	Long[] bandPoints() {
		return this.bands.stream().map(Band::points).toArray(Long[]::new);
	}

	/**
	 * One payout band.
	 *
	 * @param fromRank its first rank
	 * @param toRank its last rank
	 * @param points points per winner ranked in it
	 */
	record Band(int fromRank, int toRank, long points) {
	}

}
