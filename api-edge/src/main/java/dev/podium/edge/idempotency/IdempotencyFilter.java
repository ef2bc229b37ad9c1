package dev.podium.edge.idempotency;

import dev.podium.platform.input.Text;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Optional;

import dev.podium.edge.auth.TokenAuthenticationFilter;
import dev.podium.edge.web.ErrorResponses;
import dev.podium.edge.web.PayloadTooLarge;
import dev.podium.platform.error.ApiError;
import dev.podium.platform.security.Caller;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} on POSTs, scoped per organisation: the same key with the same
 * request (method, path, query and body) answers the first answer again, with another
 * request 422, while the first is still in flight 409. A first request that fails with
 * 5xx releases its key so that it can be retried.
 */
public class IdempotencyFilter extends OncePerRequestFilter {

	static final String HEADER = "Idempotency-Key";

	private static final int MAX_KEY_LENGTH = 255;

	private static final Duration ABANDON_AFTER = Duration.ofMinutes(10);

	private static final String RECORD_INSTEAD = IdempotencyFilter.class.getName() + ".recordInstead";

	private final IdempotencyKeys keys;

	private final JsonMapper json;

	public IdempotencyFilter(JdbcClient jdbc, JsonMapper json) {
		this.keys = new IdempotencyKeys(jdbc);
		this.json = json;
	}

	/**
	 * Keeps another answer than the one sent for replays of this request: for answers
	 * that show a secret once (a webhook's signing secret), which must not be stored.
	 * @param request the request being handled
	 * @param answer the body a replay answers, as JSON
	 */
	public static void recordInstead(HttpServletRequest request, Object answer) {
		request.setAttribute(RECORD_INSTEAD, answer);
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Optional<Caller> caller = TokenAuthenticationFilter.caller(request);
		if (caller.isEmpty()) {
			// Unauthenticated: the route answers 401 (or serves an anonymous call)
			// without a key.
			chain.doFilter(request, response);
			return;
		}
		String key = request.getHeader(HEADER).strip();
		if (key.isEmpty() || Text.length(key) > MAX_KEY_LENGTH) {
			ErrorResponses.write(response, new ApiError(400, "invalid_idempotency_key",
					"Idempotency-Key must be 1 to " + MAX_KEY_LENGTH + " characters", HEADER), this.json);
			return;
		}
		long organisation = caller.get().organisationId();
		byte[] body;
		try {
			body = request.getInputStream().readAllBytes();
		}
		catch (PayloadTooLarge ex) {
			ErrorResponses.write(response, new ApiError(413, "body_too_large", ex.getMessage(), null), this.json);
			return;
		}
		byte[] hash = hash(request, body);
		if (!this.keys.claim(organisation, key, hash, ABANDON_AFTER)) {
			replay(organisation, key, hash, response);
			return;
		}
		ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
		boolean completed = false;
		try {
			chain.doFilter(new Replayed(request, body), recorded);
			if (recorded.getStatus() < 500) {
				Object instead = request.getAttribute(RECORD_INSTEAD);
				byte[] answer = (instead != null) ? this.json.writeValueAsBytes(instead)
						: recorded.getContentAsByteArray();
				this.keys.complete(organisation, key, recorded.getStatus(), recorded.getContentType(), answer,
						recorded.getHeader(HttpHeaders.LOCATION));
				completed = true;
			}
		}
		finally {
			if (!completed) {
				this.keys.release(organisation, key);
			}
			recorded.copyBodyToResponse();
		}
	}

	private void replay(long organisation, String key, byte[] hash, HttpServletResponse response) throws IOException {
		Optional<IdempotencyKeys.Stored> stored = this.keys.find(organisation, key);
		if (stored.isEmpty()) {
			// Released between our claim and this read: the first request failed; ask for
			// a retry.
			ErrorResponses.write(response, new ApiError(409, "idempotency_key_in_flight",
					"a request with this Idempotency-Key is in flight; retry later", HEADER), this.json);
			return;
		}
		IdempotencyKeys.Stored first = stored.get();
		if (!MessageDigest.isEqual(first.requestHash(), hash)) {
			ErrorResponses.write(response, new ApiError(422, "idempotency_key_reused",
					"this Idempotency-Key was used with a different request", HEADER), this.json);
			return;
		}
		if (first.inFlight()) {
			ErrorResponses.write(response, new ApiError(409, "idempotency_key_in_flight",
					"a request with this Idempotency-Key is in flight; retry later", HEADER), this.json);
			return;
		}
		response.setStatus(first.status());
		if (first.contentType() != null) {
			response.setContentType(first.contentType());
		}
		if (first.location() != null) {
			response.setHeader(HttpHeaders.LOCATION, first.location());
		}
		response.setHeader("Idempotent-Replayed", "true");
		if (first.body() != null) {
			response.getOutputStream().write(first.body());
		}
	}

	private static byte[] hash(HttpServletRequest request, byte[] body) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update(request.getMethod().getBytes(StandardCharsets.UTF_8));
			digest.update((byte) 0);
			digest.update(request.getRequestURI().getBytes(StandardCharsets.UTF_8));
			digest.update((byte) 0);
			String query = request.getQueryString();
			digest.update(((query != null) ? query : "").getBytes(StandardCharsets.UTF_8));
			digest.update((byte) 0);
			digest.update(body);
			return digest.digest();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The request with its body read once and served again. */
	private static final class Replayed extends HttpServletRequestWrapper {

		private final byte[] body;

		Replayed(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] b, int off, int len) {
					return in.read(b, off, len);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException();
				}

			};
		}

	}

}
