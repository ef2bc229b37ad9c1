package dev.podium.platform.results;

/**
 * The SQL that pays a results row by payout band and cuts the winners at the cap
 * (decision 0016), shared by the close, its benchmark's query plan and the edge's
 * challenge view.
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

	/**
	 * The rank a challenge's winners rank strictly before (decision 0016): with a cap,
	 * the rank of its met row at position {@code cap + 1}, that is of the first tie group
	 * that does not fit whole under the cap (one step of the leaderboard's index
	 * {@code challenge_result_board}); without a cap, or when the cap cuts no one, above
	 * every rank. A winner is a snapshot row that {@code met} and ranks before it: the
	 * close awards those, and the challenge's {@code winners} counts them.
	 * @param challenge the SQL of the challenge's id (a parameter or a column)
	 * @param cap the SQL of its cap, an integer or null (a typed parameter or a column)
	 */
	public static String cutoffRank(String challenge, String cap) {
		return """
				coalesce(case when %2$s is not null then (select w.rank from challenge_result w
				    where w.challenge_id = %1$s and w.met order by w.rank offset %2$s limit 1) end, %3$d)"""
			.formatted(challenge, cap, Long.MAX_VALUE);
	}

	private PayoutBands() {
	}

}
