package dev.podium.edge.web;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.podium.edge.auth.TokenAuthenticationFilter;
import dev.podium.platform.error.ApiError;
import dev.podium.platform.security.Caller;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Limits each token to a sustained rate with a burst (a token bucket per token and edge
 * instance); beyond it the answer is 429 with {@code Retry-After}. Unauthenticated calls
 * are not counted: they are refused (or are anonymous hooks) without touching the
 * database beyond the token lookup.
 */
public class RateLimitFilter extends OncePerRequestFilter {

	private final Map<Long, Bucket> buckets = new ConcurrentHashMap<>();

	private final long perSecond;

	private final long burst;

	private final JsonMapper json;

	public RateLimitFilter(long perSecond, long burst, JsonMapper json) {
		this.perSecond = perSecond;
		this.burst = burst;
		this.json = json;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Optional<Caller> caller = TokenAuthenticationFilter.caller(request);
		if (caller.isPresent()) {
			ConsumptionProbe probe = this.buckets.computeIfAbsent(caller.get().tokenId(), (id) -> newBucket())
				.tryConsumeAndReturnRemaining(1);
			if (!probe.isConsumed()) {
				long seconds = Math.max(1,
						TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999));
				response.setHeader("Retry-After", Long.toString(seconds));
				ErrorResponses.write(response,
						new ApiError(429, "rate_limited", "too many requests; retry after " + seconds + " s", null),
						this.json);
				return;
			}
		}
		chain.doFilter(request, response);
	}

	private Bucket newBucket() {
		return Bucket.builder()
			.addLimit(
					(limit) -> limit.capacity(this.burst).refillGreedy(this.perSecond, java.time.Duration.ofSeconds(1)))
			.build();
	}

}
