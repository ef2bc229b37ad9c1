package dev.podium.edge.web;

import dev.podium.edge.auth.TokenAuthenticationFilter;
import dev.podium.platform.security.Caller;
import dev.podium.platform.security.Role;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitFilterTests {

	private final RateLimitFilter filter = new RateLimitFilter(1, 3, JsonMapper.builder().build());

	@Test
	void theBurstPassesAndTheNextRequestIsLimited() throws Exception {
		for (int i = 0; i < 3; i++) {
			assertThat(call(7).getStatus()).isEqualTo(200);
		}
		MockHttpServletResponse limited = call(7);
		assertThat(limited.getStatus()).isEqualTo(429);
		assertThat(limited.getHeader("Retry-After")).isEqualTo("1");
		assertThat(call(8).getStatus()).as("another token").isEqualTo(200);
	}

	@Test
	void anonymousRequestsAreNotCounted() throws Exception {
		for (int i = 0; i < 10; i++) {
			MockHttpServletResponse response = new MockHttpServletResponse();
			this.filter.doFilter(new MockHttpServletRequest("GET", "/jobs"), response, new MockFilterChain());
			assertThat(response.getStatus()).isEqualTo(200);
		}
	}

	private MockHttpServletResponse call(long tokenId) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/jobs");
		request.setAttribute(TokenAuthenticationFilter.CALLER, new Caller(1, tokenId, Role.ADMIN, null, null));
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, new MockFilterChain());
		return response;
	}

}
