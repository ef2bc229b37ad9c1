package dev.podium.platform.input;

import java.util.Locale;

import dev.podium.platform.error.ApiException;
import tools.jackson.databind.JsonNode;

/**
 * Whether a text can be stored and read back exactly as sent (decision 12). Refused: NUL
 * (PostgreSQL's {@code text} and {@code jsonb} cannot hold it), the other C0 control
 * characters except tab, line feed and carriage return, DEL and the C1 controls (U+007F
 * to U+009F), and lone surrogates (UTF-8 cannot encode them: they would be stored as
 * {@code ?}). Everything else, including every assigned and unassigned code point outside
 * those ranges, is kept.
 */
public final class Text {

	private Text() {
	}

	/**
	 * What is wrong with a text, e.g. {@code "contains the control character U+0000"}, or
	 * null when it can be stored as sent.
	 */
	public static String problem(CharSequence text) {
		int length = text.length();
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (c < 0x20) {
				if (c != '\t' && c != '\n' && c != '\r') {
					return "contains the control character " + codePoint(c);
				}
			}
			else if (c >= 0x7F && c <= 0x9F) {
				return "contains the control character " + codePoint(c);
			}
			else if (Character.isHighSurrogate(c)) {
				if (i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
					i++;
				}
				else {
					return "contains a lone surrogate " + codePoint(c);
				}
			}
			else if (Character.isLowSurrogate(c)) {
				return "contains a lone surrogate " + codePoint(c);
			}
		}
		return null;
	}

	/**
	 * The length of a text in characters (code points), as the OpenAPI document's
	 * {@code maxLength} (JSON Schema) and PostgreSQL's {@code varchar(n)} count it: an
	 * emoji outside the BMP is one character, not two UTF-16 units.
	 */
	public static int length(CharSequence text) {
		return Character.codePointCount(text, 0, text.length());
	}

	/**
	 * The text itself when it is at most {@code max} characters long, counted as
	 * {@link #length} counts them.
	 * @throws ApiException a 400 naming the field otherwise
	 */
	public static String atMost(String field, String text, int max) {
		if (text != null && length(text) > max) {
			throw ApiException.badRequest(field, field + " is longer than " + max + " characters");
		}
		return text;
	}

	/**
	 * The text itself when it can be stored as sent.
	 * @throws ApiException a 400 naming the field otherwise
	 */
	public static String check(String field, String text) {
		if (text != null) {
			String problem = problem(text);
			if (problem != null) {
				throw ApiException.badRequest(field, field + " " + problem);
			}
		}
		return text;
	}

	/**
	 * Checks every text of a JSON value, names and values, to any depth; a text inside an
	 * object is named by its path ({@code attributes.colour}), one inside an array by the
	 * array's name.
	 * @throws ApiException a 400 naming the field of the first text that cannot be stored
	 */
	public static void checkTree(String field, JsonNode node) {
		if (node == null) {
			return;
		}
		if (node.isString()) {
			check(field, node.asString());
		}
		else if (node.isObject()) {
			for (var property : node.properties()) {
				String name = (field == null) ? property.getKey() : field + "." + property.getKey();
				check((field == null) ? "body" : field, property.getKey());
				checkTree(name, property.getValue());
			}
		}
		else if (node.isArray()) {
			for (JsonNode item : node) {
				checkTree(field, item);
			}
		}
	}

	private static String codePoint(char c) {
		return String.format(Locale.ROOT, "U+%04X", (int) c);
	}

}
