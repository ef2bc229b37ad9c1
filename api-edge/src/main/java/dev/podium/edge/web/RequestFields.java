package dev.podium.edge.web;

import dev.podium.platform.input.Text;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.podium.platform.error.ApiException;
import dev.podium.platform.input.Numbers;

import org.springframework.util.MultiValueMap;
import tools.jackson.databind.JsonNode;

/**
 * The fields of a create or update request, from the query string and a JSON object body
 * (the body wins where both have a field), read with validation that names the field. A
 * field is "sent" when its name is present, even with {@code null}: an update changes
 * exactly the fields sent.
 */
public final class RequestFields {

	/** Values: a String (query string) or a JsonNode (body). */
	private final Map<String, Object> values;

	private RequestFields(Map<String, Object> values) {
		this.values = values;
	}

	public static RequestFields of(MultiValueMap<String, String> query, JsonNode body) {
		Map<String, Object> values = new HashMap<>();
		if (query != null) {
			values.putAll(query.toSingleValueMap());
		}
		if (body != null && !body.isNull() && !body.isMissingNode()) {
			if (!body.isObject()) {
				throw ApiException.badRequest(null, "send a JSON object");
			}
			body.properties().forEach((e) -> values.put(e.getKey(), e.getValue()));
		}
		return new RequestFields(values);
	}

	/** Whether the request names the field (a {@code null} value counts). */
	public boolean has(String field) {
		return this.values.containsKey(field);
	}

	/**
	 * The field's scalar text, or null when absent, {@code null} or blank; refuses arrays
	 * and objects.
	 */
	public String scalar(String field) {
		Object value = this.values.get(field);
		String s;
		if (value == null) {
			return null;
		}
		if (value instanceof String text) {
			s = text;
		}
		else {
			JsonNode node = (JsonNode) value;
			if (node.isNull() || node.isMissingNode()) {
				return null;
			}
			if (!node.isValueNode()) {
				throw ApiException.badRequest(field, field + " must be a single value");
			}
			s = node.isString() ? node.asString() : node.toString();
		}
		return s.isBlank() ? null : s;
	}

	/**
	 * Text of at most {@code max} characters, stripped, or null when absent or blank; in
	 * a JSON body it must be a JSON string ({@code "name": 123} is refused).
	 */
	public String text(String field, int max) {
		if (this.values.get(field) instanceof JsonNode node && !node.isNull() && !node.isString()) {
			throw ApiException.badRequest(field, field + " must be a string");
		}
		String s = scalar(field);
		if (s == null) {
			return null;
		}
		return Text.atMost(field, s.strip(), max);
	}

	/**
	 * An integer from {@code min} to {@code max}, or null when absent; {@code message}
	 * otherwise.
	 */
	public Long integer(String field, long min, long max, String message) {
		String s = scalar(field);
		if (s == null) {
			return null;
		}
		Long v = Numbers.parse(s, min, max);
		if (v == null) {
			throw ApiException.badRequest(field, message);
		}
		return v;
	}

	/** {@code 1}/{@code true} or {@code 0}/{@code false}, or null when absent. */
	public Boolean flag(String field) {
		String s = scalar(field);
		return (s != null) ? flag(field, s) : null;
	}

	/** An absolute http or https URL of at most 2,000 characters, or null when absent. */
	public String url(String field) {
		String s = text(field, 2000);
		if (s == null) {
			return null;
		}
		try {
			URI uri = new URI(s);
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
			if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
				return s;
			}
		}
		catch (URISyntaxException ex) {
			// answered below
		}
		throw ApiException.badRequest(field, field + " must be an http or https URL");
	}

	/**
	 * A list of texts: a JSON array of strings, or one text of comma-separated values
	 * (query string); null when absent or {@code null}.
	 */
	public List<String> texts(String field) {
		Object value = this.values.get(field);
		if (value == null || (value instanceof JsonNode n && (n.isNull() || n.isMissingNode()))) {
			return null;
		}
		List<String> texts = new ArrayList<>();
		if (value instanceof JsonNode node && node.isArray()) {
			for (JsonNode item : node) {
				if (!item.isString()) {
					throw ApiException.badRequest(field, field + " must be a list of texts");
				}
				texts.add(item.asString().strip());
			}
			return texts;
		}
		String text = scalar(field);
		if (text != null) {
			for (String item : text.split(",")) {
				texts.add(item.strip());
			}
		}
		return texts;
	}

	/** The field as sent in the body (arrays, objects), or null when absent. */
	public JsonNode node(String field) {
		Object value = this.values.get(field);
		if (value instanceof JsonNode node && !node.isNull()) {
			return node;
		}
		if (value instanceof String) {
			throw ApiException.badRequest(field, field + " must be sent in the JSON body");
		}
		return null;
	}

	/**
	 * A flag query parameter ({@code 1}, {@code true}, {@code 0}, {@code false}) with a
	 * default when absent or blank.
	 */
	public static boolean flag(String field, String value, boolean otherwise) {
		return (value == null || value.isBlank()) ? otherwise : flag(field, value);
	}

	private static boolean flag(String field, String value) {
		return switch (value.strip().toLowerCase(Locale.ROOT)) {
			case "1", "true" -> true;
			case "0", "false" -> false;
			default -> throw ApiException.badRequest(field, field + " must be 0, 1, true or false");
		};
	}

}
