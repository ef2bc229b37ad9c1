package dev.podium.platform.input;

import java.math.BigDecimal;

import dev.podium.platform.error.ApiException;

/**
 * Whole numbers a client sends, as a JSON number or as text (a query string), each with
 * the range its field really has (decision 12); the error says the range.
 */
public final class Numbers {

	private Numbers() {
	}

	/**
	 * The value as a whole number from {@code min} to {@code max}.
	 * @throws ApiException a 400 naming the field and its range otherwise
	 */
	public static long integer(String field, Object value, long min, long max) {
		Long v = parse(value, min, max);
		if (v == null) {
			throw ApiException.badRequest(field, field + " must be an integer from " + min + " to " + max);
		}
		return v;
	}

	/**
	 * The value (a number, or its text) as a whole number from {@code min} to
	 * {@code max}, or null when it is not one.
	 */
	public static Long parse(Object value, long min, long max) {
		try {
			long v = new BigDecimal(value.toString().strip()).longValueExact();
			return (v >= min && v <= max) ? v : null;
		}
		catch (NumberFormatException | ArithmeticException ex) {
			return null;
		}
	}

}
