package dev.podium.edge.auth;

import java.util.Arrays;

import dev.podium.platform.error.ApiException;
import dev.podium.platform.security.Caller;
import dev.podium.platform.security.Role;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Enforces {@link Allow}: 401 without a valid token, 403 when the caller's role may not
 * call the route.
 */
public class RoleInterceptor implements HandlerInterceptor {

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (!(handler instanceof HandlerMethod method)) {
			return true;
		}
		if (method.hasMethodAnnotation(Anonymous.class)) {
			return true;
		}
		Caller caller = TokenAuthenticationFilter.caller(request).orElseThrow(ApiException::unauthorized);
		Allow allow = method.getMethodAnnotation(Allow.class);
		if (allow == null) {
			allow = AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), Allow.class);
		}
		Role[] allowed = (allow != null) ? allow.value() : new Role[] { Role.ADMIN };
		if (!caller.is(allowed)) {
			throw ApiException.forbidden(describe(allowed) + " role required");
		}
		return true;
	}

	private static String describe(Role[] allowed) {
		return String.join(" or ", Arrays.stream(allowed).map(Role::wireName).toList());
	}

}
