package dev.podium.edge.web;

import dev.podium.platform.error.ApiError;
import dev.podium.platform.error.ApiException;
import java.util.Arrays;

import dev.podium.edge.auth.TokenAuthenticationFilter;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.UnsatisfiedServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every failure into the seed's body {@code {"error","field","code"}} with the
 * right status. An unexpected failure answers 500 with no internals; the log has the
 * details.
 */
@RestControllerAdvice
class ApiErrorHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);

	@ExceptionHandler(ApiException.class)
	ResponseEntity<ApiError> api(ApiException ex) {
		return answer(ex.error());
	}

	@ExceptionHandler(MissingServletRequestParameterException.class)
	ResponseEntity<ApiError> missing(MissingServletRequestParameterException ex) {
		return answer(ApiException.badRequest(ex.getParameterName(), ex.getParameterName() + " is required").error());
	}

	/**
	 * A route that exists only with a parameter (e.g. {@code PUT /challenges?id=}) called
	 * without it: 401 without a valid token, as every route answers first; otherwise 400
	 * naming the parameter, as a missing one is everywhere.
	 */
	@ExceptionHandler(UnsatisfiedServletRequestParameterException.class)
	ResponseEntity<ApiError> unsatisfied(UnsatisfiedServletRequestParameterException ex, HttpServletRequest request) {
		if (TokenAuthenticationFilter.caller(request).isEmpty()) {
			return answer(ApiException.unauthorized().error());
		}
		String missing = ex.getParamConditionGroups()
			.stream()
			.flatMap(Arrays::stream)
			.filter((condition) -> !condition.startsWith("!") && !condition.contains("="))
			.filter((name) -> request.getParameter(name) == null)
			.findFirst()
			.orElse(null);
		return answer(
				ApiException
					.badRequest(missing,
							(missing != null) ? missing + " is required"
									: "the request's parameters do not fit this route")
					.error());
	}

	/**
	 * A query string (or form body) that is not percent-encoded UTF-8, e.g.
	 * {@code ?search=%zz}: Tomcat refuses to decode it when the parameters are first
	 * read. Which parameter cannot be told for sure (Tomcat's message may hold the name
	 * garbled), so no field is named.
	 */
	@ExceptionHandler(InvalidParameterException.class)
	ResponseEntity<ApiError> undecodable(InvalidParameterException ex) {
		return answer(new ApiError(400, "invalid_parameters", "the request's parameters must be percent-encoded UTF-8",
				null));
	}

	@ExceptionHandler(MissingRequestHeaderException.class)
	ResponseEntity<ApiError> missingHeader(MissingRequestHeaderException ex) {
		return answer(ApiException.badRequest(ex.getHeaderName(), ex.getHeaderName() + " header is required").error());
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<ApiError> mismatch(MethodArgumentTypeMismatchException ex) {
		return answer(ApiException.badRequest(ex.getName(), ex.getName() + " has an invalid value").error());
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException ex) {
		if (ex.getCause() instanceof PayloadTooLarge tooLarge) {
			return tooLarge(tooLarge);
		}
		return answer(new ApiError(400, "invalid_body", "the request body is not valid JSON", null));
	}

	@ExceptionHandler(PayloadTooLarge.class)
	ResponseEntity<ApiError> tooLarge(PayloadTooLarge ex) {
		return answer(new ApiError(413, "body_too_large", ex.getMessage(), null));
	}

	@ExceptionHandler(HttpMediaTypeNotSupportedException.class)
	ResponseEntity<ApiError> mediaType(HttpMediaTypeNotSupportedException ex) {
		return answer(new ApiError(415, "unsupported_media_type", "send application/json", null));
	}

	/**
	 * An {@code Accept} the route cannot answer in (e.g. {@code GET /actuator/prometheus}
	 * with {@code Accept: application/json}): 406, its body in JSON whatever was asked.
	 */
	@ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
	ResponseEntity<ApiError> notAcceptable(HttpMediaTypeNotAcceptableException ex) {
		ApiError error = new ApiError(406, "not_acceptable", "this route cannot answer in the media type asked for",
				null);
		return ResponseEntity.status(406).contentType(MediaType.APPLICATION_JSON).body(error);
	}

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	ResponseEntity<ApiError> method(HttpRequestMethodNotSupportedException ex) {
		return answer(new ApiError(405, "method_not_allowed", ex.getMethod() + " is not supported here", null));
	}

	@ExceptionHandler(NoResourceFoundException.class)
	ResponseEntity<ApiError> noRoute(NoResourceFoundException ex) {
		return answer(new ApiError(404, "not_found", "no such route", null));
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ApiError> unexpected(Exception ex, HttpServletRequest request) {
		log.error("Unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), ex);
		return answer(ApiError.INTERNAL);
	}

	private static ResponseEntity<ApiError> answer(ApiError error) {
		return ResponseEntity.status(error.status()).body(error);
	}

}
