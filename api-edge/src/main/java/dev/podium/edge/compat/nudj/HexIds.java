package dev.podium.edge.compat.nudj;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * nudj's 24-hex ids over Podium's integer ids: an id written as 24 hexadecimal digits,
 * lower case ({@code 42} is {@code 00000000000000000000002a}); upper case is accepted on
 * input.
 */
final class HexIds {

	/** The seed's id pattern. */
	static final Pattern PATTERN = Pattern.compile("[0-9a-fA-F]{24}");

	static final String PATTERN_TEXT = "24 hexadecimal digits (^[0-9a-fA-F]{24}$)";

	private HexIds() {
	}

	static String of(long id) {
		return String.format("%024x", id);
	}

	/**
	 * The integer id a 24-hex id writes, if it has the pattern and writes a positive id
	 * that fits a {@code bigint}; no such id is one of ours.
	 */
	static Optional<Long> parse(String hex) {
		if (hex == null || !PATTERN.matcher(hex).matches()) {
			return Optional.empty();
		}
		String digits = hex.substring(0, 8).replace("0", "").isEmpty() ? hex.substring(8) : null;
		if (digits == null) {
			return Optional.empty();
		}
		long id = Long.parseUnsignedLong(digits, 16);
		return (id >= 1) ? Optional.of(id) : Optional.empty();
	}

}
