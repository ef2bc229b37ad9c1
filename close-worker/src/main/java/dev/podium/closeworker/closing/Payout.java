package dev.podium.closeworker.closing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a close pays, counted before it writes (decision 0016): the winners are the
 * snapshot's rows that met the threshold and rank before {@code cutoffRank} (the cap);
 * each is paid its band's points, or the challenge's {@code rewardPoints} outside every
 * band.
 *
 * @param met how many rows met the threshold
 * @param winners how many of them win (the cap applied)
 * @param cutoffRank winners rank strictly before it ({@link Long#MAX_VALUE} without a cap
 * or when the cap cuts no one)
 * @param rewardPoints the points of a winner outside every band
 * @param bands each band with its winners
 */
record Payout(long met, long winners, long cutoffRank, long rewardPoints, List<Band> bands) {

	/** Winners outside every band: paid {@code rewardPoints} each. */
	long unbanded() {
		return this.winners - this.bands.stream().mapToLong(Band::winners).sum();
	}

	/** The points the close writes in total, exactly the sum of its ledger rows. */
	long points() {
		return this.bands.stream().mapToLong((b) -> b.winners() * b.points()).sum() + unbanded() * this.rewardPoints;
	}

	/** How many participants met the threshold but win nothing because of the cap. */
	long cut() {
		return this.met - this.winners;
	}

	/** The figures a preview and a close answer in the job's result. */
	Map<String, Object> describe(Integer maxWinners) {
		List<Map<String, Object>> listed = new ArrayList<>();
		for (Band band : this.bands) {
			Map<String, Object> b = new LinkedHashMap<>();
			b.put("fromrank", band.fromRank());
			b.put("torank", band.toRank());
			b.put("pointseach", band.points());
			b.put("winners", band.winners());
			b.put("points", band.winners() * band.points());
			listed.add(b);
		}
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("maxwinners", maxWinners);
		out.put("cutbycap", cut());
		out.put("unbanded", Map.of("winners", unbanded(), "pointseach", this.rewardPoints, "points",
				unbanded() * this.rewardPoints));
		out.put("bands", listed);
		return out;
	}

	/**
	 * One payout band and how many winners it pays.
	 *
	 * @param fromRank the band's first rank
	 * @param toRank its last rank
	 * @param points points per winner whose rank lies in the band
	 * @param winners how many winners rank in it (the cap applied)
	 */
	record Band(int fromRank, int toRank, long points, long winners) {
	}

}
