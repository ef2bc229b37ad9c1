package dev.podium.platform.error;

/**
 * A failure that a client is told about, with its status and body. The message is safe to
 * show.
 */
public class ApiException extends RuntimeException {

	private final ApiError error;

	public ApiException(ApiError error) {
		super(error.error(), null, false, false);
		this.error = error;
	}

	public ApiError error() {
		return this.error;
	}

	/**
	 * This failure with one more field in its body, e.g.
	 * {@code ApiException.conflict("insufficient_points", "insufficient points").with("balance", 40)}.
	 * @param name the field's name
	 * @param value its value
	 * @return a new exception
	 */
	public ApiException with(String name, Object value) {
		return new ApiException(this.error.with(name, value));
	}

	public static ApiException badRequest(String field, String message) {
		return new ApiException(new ApiError(400, "invalid_" + (field == null ? "request" : field), message, field));
	}

	public static ApiException unauthorized() {
		return new ApiException(new ApiError(401, "unauthorized", "a valid X-API-Token is required", null));
	}

	public static ApiException forbidden(String message) {
		return new ApiException(new ApiError(403, "forbidden", message, null));
	}

	public static ApiException notFound(String what) {
		return new ApiException(new ApiError(404, "not_found", what + " not found", null));
	}

	public static ApiException conflict(String code, String message) {
		return new ApiException(new ApiError(409, code, message, null));
	}

}
