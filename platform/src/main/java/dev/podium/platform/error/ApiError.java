package dev.podium.platform.error;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of every error answer, as in seed 000: {@code {"error": "...", "field":
 * "..."}} plus a stable {@code code}. Jobs that fail carry the same body, with the status
 * their command would have answered.
 *
 * @param status the HTTP status (not part of the body)
 * @param code a stable machine-readable code, e.g. {@code challenge_closed}
 * @param error a human-readable sentence, never internals
 * @param field the parameter at fault, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(@JsonIgnore int status, String code, String error, String field) {

	/** The answer for an unexpected failure: no internals, the log has the details. */
	public static final ApiError INTERNAL = new ApiError(500, "internal_error", "unexpected server error", null);

}
