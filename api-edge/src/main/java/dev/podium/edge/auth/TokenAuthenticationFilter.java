package dev.podium.edge.auth;

import java.io.IOException;
import java.util.Optional;

import dev.podium.platform.security.ApiTokens;
import dev.podium.platform.security.Caller;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads {@code X-API-Token} (header names are case-insensitive; a {@code Bearer } prefix
 * is tolerated, as is a plain {@code Authorization: Bearer} header) and puts the
 * {@link Caller} on the request. It refuses nothing itself: {@link RoleInterceptor}
 * answers 401 for routes that need a caller.
 */
public class TokenAuthenticationFilter extends OncePerRequestFilter {

	/** The request attribute that holds the {@link Caller}. */
	public static final String CALLER = TokenAuthenticationFilter.class.getName() + ".caller";

	private final ApiTokens tokens;

	public TokenAuthenticationFilter(ApiTokens tokens) {
		this.tokens = tokens;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String presented = request.getHeader("X-API-Token");
		if (presented == null) {
			presented = request.getHeader("Authorization");
		}
		Optional<Caller> caller = this.tokens.authenticate(presented);
		caller.ifPresent((c) -> request.setAttribute(CALLER, c));
		chain.doFilter(request, response);
	}

	/** The caller of a request, if its token was valid. */
	public static Optional<Caller> caller(HttpServletRequest request) {
		return Optional.ofNullable((Caller) request.getAttribute(CALLER));
	}

}
