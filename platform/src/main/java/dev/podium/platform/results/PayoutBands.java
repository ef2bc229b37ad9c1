package dev.podium.platform.results;

/**
 * The SQL that pays a results row by payout band (decision 0016), shared by the close and
 * its benchmark's query plan.
 */
public final class PayoutBands {

	/**
	 * A snapshot row's points ({@code r.rank}): its band's, found by binary search over
	 * the bands' first ranks ({@code width_bucket}), or {@code :points} outside every
	 * band. No join: the bands travel as three arrays sorted by first rank
	 * ({@code :fromRanks}, {@code :toRanks}, {@code :bandPoints}), so each row costs one
	 * search.
	 */
	public static final String POINTS = """
			coalesce((cast(:bandPoints as bigint[]))[
			    case when r.rank <= (cast(:toRanks as int[]))[width_bucket(r.rank, cast(:fromRanks as int[]))]
			         then width_bucket(r.rank, cast(:fromRanks as int[])) end], :points)""";

	private PayoutBands() {
	}

}
