package dev.podium.platform.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of every error answer, as in seed 000: {@code {"error": "...", "field":
 * "..."}} plus a stable {@code code}, and where an answer needs them more fields beside
 * these (e.g. the current {@code balance} of an overdrawing spend). Jobs that fail carry
 * the same body, with the status their command would have answered.
 *
 * @param status the HTTP status (not part of the body)
 * @param code a stable machine-readable code, e.g. {@code challenge_closed}
 * @param error a human-readable sentence, never internals
 * @param field the parameter at fault, or null
 * @param details further fields of the body, written beside the others (never internals);
 * empty for most errors
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(@JsonIgnore int status, String code, String error, String field,
		@JsonAnyGetter Map<String, Object> details) {

	/** The answer for an unexpected failure: no internals, the log has the details. */
	public static final ApiError INTERNAL = new ApiError(500, "internal_error", "unexpected server error", null);

	public ApiError {
		details = (details == null || details.isEmpty()) ? Map.of()
				: Collections.unmodifiableMap(new LinkedHashMap<>(details));
	}

	public ApiError(int status, String code, String error, String field) {
		this(status, code, error, field, Map.of());
	}

	/**
	 * This error with one more field in its body.
	 * @param name the field's name (not one of {@code code}, {@code error},
	 * {@code field})
	 * @param value its value
	 * @return a new error
	 */
	public ApiError with(String name, Object value) {
		if (name.equals("code") || name.equals("error") || name.equals("field")) {
			throw new IllegalArgumentException(name + " is a standard field of the error body");
		}
		Map<String, Object> more = new LinkedHashMap<>(this.details);
		more.put(name, value);
		return new ApiError(this.status, this.code, this.error, this.field, more);
	}

}
