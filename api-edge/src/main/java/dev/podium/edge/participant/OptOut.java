package dev.podium.edge.participant;

import dev.podium.platform.security.Caller;
import dev.podium.platform.security.Role;

/**
 * The one place of the opt-out from public leaderboards ({@code PUT /participants},
 * {@code optout}): who still sees the participants that opted out, and the SQL that hides
 * them from everyone else. The results, their CSV and the points leaderboards use it.
 */
public final class OptOut {

	/**
	 * The condition a board's row passes, over its directory row {@code p} (left-joined:
	 * none is shown) and the parameter {@code :everyone} ({@link #seesEveryone}).
	 */
	public static final String SHOWN = "(:everyone or not coalesce(p.public_opt_out, false))";

	/** The {@code optedout} column of a board's row (1 or 0), over {@code p}. */
	public static final String OPTED_OUT = "coalesce(p.public_opt_out, false)::int as optedout";

	private OptOut() {
	}

	/**
	 * Whether a caller sees opted-out participants on boards too: an admin only; they are
	 * still scored and awarded for everyone.
	 */
	public static boolean seesEveryone(Caller caller) {
		return caller.is(Role.ADMIN);
	}

}
