package dev.podium.edge.compat;

import dev.podium.platform.input.Text;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.podium.platform.error.ApiException;

import tools.jackson.databind.JsonNode;

/**
 * A JSON object from a request body, read with the JSON types the compatible contracts
 * document: a string is a JSON string, a boolean a JSON boolean, a number a JSON number.
 * Every refusal is a 400 that names the field by its path ({@code details.title},
 * {@code criteria.threshold}). A field is "sent" when its name is present, even with
 * {@code null}.
 */
public final class JsonBody {

	private final JsonNode object;

	private final String prefix;

	private JsonBody(JsonNode object, String prefix) {
		this.object = object;
		this.prefix = prefix;
	}

	/**
	 * The request body: absent counts as an empty object; anything but an object is a
	 * 400.
	 */
	public static JsonBody of(JsonNode body) {
		if (body == null || body.isNull() || body.isMissingNode()) {
			return new JsonBody(null, "");
		}
		if (!body.isObject()) {
			throw ApiException.badRequest(null, "send a JSON object");
		}
		return new JsonBody(body, "");
	}

	/** The field's path as errors name it. */
	public String path(String field) {
		return this.prefix + field;
	}

	/** Whether the body names the field ({@code null} counts). */
	public boolean has(String field) {
		return this.object != null && this.object.has(field);
	}

	/** Whether the body sends the field as {@code null}. */
	public boolean isNull(String field) {
		return has(field) && this.object.get(field).isNull();
	}

	/** Refuses a {@code null} for a field the contract does not let be null. */
	public void notNull(String field) {
		if (isNull(field)) {
			throw ApiException.badRequest(path(field), path(field) + " must not be null");
		}
	}

	private JsonNode value(String field) {
		notNull(field);
		return this.object.get(field);
	}

	/** A string of at most {@code max} characters. Call only when {@link #has} it. */
	public String string(String field, int max) {
		JsonNode value = value(field);
		if (!value.isString()) {
			throw ApiException.badRequest(path(field), path(field) + " must be a string");
		}
		return Text.atMost(path(field), value.asString(), max);
	}

	/** A JSON boolean. Call only when {@link #has} it. */
	public boolean bool(String field) {
		JsonNode value = value(field);
		if (!value.isBoolean()) {
			throw ApiException.badRequest(path(field), path(field) + " must be true or false");
		}
		return value.booleanValue();
	}

	/**
	 * A whole JSON number from {@code min} to {@code max}. Call only when {@link #has}
	 * it.
	 */
	public long integer(String field, long min, long max) {
		JsonNode value = value(field);
		if (value.isNumber()) {
			try {
				long n = value.decimalValue().longValueExact();
				if (n >= min && n <= max) {
					return n;
				}
			}
			catch (ArithmeticException ex) {
				// answered below
			}
		}
		throw ApiException.badRequest(path(field),
				path(field) + " must be a whole number from " + min + ((max == Long.MAX_VALUE) ? " up" : " to " + max));
	}

	/** A JSON number of at least {@code min}. Call only when {@link #has} it. */
	public BigDecimal number(String field, BigDecimal min) {
		JsonNode value = value(field);
		if (value.isNumber()) {
			BigDecimal n = value.decimalValue();
			if (n.compareTo(min) >= 0 && n.abs().compareTo(new BigDecimal("1e15")) < 0) {
				return n;
			}
		}
		throw ApiException.badRequest(path(field), path(field) + " must be a number of at least " + min);
	}

	/** One of the {@code options}. Call only when {@link #has} it. */
	public String oneOf(String field, List<String> options) {
		JsonNode value = value(field);
		if (value.isString() && options.contains(value.asString())) {
			return value.asString();
		}
		throw ApiException.badRequest(path(field), path(field) + " must be one of " + String.join(", ", options));
	}

	/**
	 * An array of strings that each match {@code pattern} (described as
	 * {@code patternText}). Call only when {@link #has} it.
	 */
	public List<String> strings(String field, Pattern pattern, String patternText) {
		JsonNode value = value(field);
		if (!value.isArray()) {
			throw ApiException.badRequest(path(field), path(field) + " must be an array of strings");
		}
		List<String> out = new ArrayList<>();
		for (JsonNode item : value) {
			if (!item.isString() || !pattern.matcher(item.asString()).matches()) {
				throw ApiException.badRequest(path(field), path(field) + " must hold only " + patternText);
			}
			out.add(item.asString());
		}
		return out;
	}

	/** A nested object, read the same way. Call only when {@link #has} it. */
	public JsonBody object(String field) {
		JsonNode value = value(field);
		if (!value.isObject()) {
			throw ApiException.badRequest(path(field), path(field) + " must be an object");
		}
		return new JsonBody(value, path(field) + ".");
	}

}
