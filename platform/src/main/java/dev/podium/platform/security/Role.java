package dev.podium.platform.security;

import java.util.Locale;

/**
 * What a token may do in its organisation (PRODUCT.md, "Roles").
 */
public enum Role {

	/** Everything in its organisation. */
	ADMIN,
	/** Read everything, compute results, preview a close, export CSV. */
	COORDINATOR,
	/** Read lists, results, ledger, profiles; export CSV. */
	VIEWER,
	/** Its own participant's data and single challenges and badges. */
	PARTICIPANT;

	/** The role's name on the wire and in the database. */
	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static Role fromWireName(String name) {
		return valueOf(name.toUpperCase(Locale.ROOT));
	}

}
