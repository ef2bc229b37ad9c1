package dev.podium.edge;

import java.util.List;

import dev.podium.edge.auth.CallerArgumentResolver;
import dev.podium.edge.auth.RoleInterceptor;
import dev.podium.edge.web.TextGuard;
import dev.podium.edge.auth.TokenAuthenticationFilter;
import dev.podium.edge.idempotency.IdempotencyFilter;
import dev.podium.edge.job.JobAnswers;
import dev.podium.edge.job.JobWaiter;
import dev.podium.edge.web.BodyLimitFilter;
import dev.podium.edge.web.JsonErrorReportValve;
import dev.podium.edge.web.RateLimitFilter;
import dev.podium.platform.job.Jobs;
import dev.podium.platform.security.ApiTokens;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The edge's filters (body limit, token, rate limit, idempotency key), the role
 * interceptor and the job answering.
 */
@Configuration(proxyBeanMethods = false)
class EdgeConfiguration implements WebMvcConfigurer {

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new RoleInterceptor()).excludePathPatterns("/actuator/**", "/error");
		registry.addInterceptor(new TextGuard()).excludePathPatterns("/actuator/**", "/error");
	}

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(new CallerArgumentResolver());
	}

	@Bean
	FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter(@Value("${podium.edge.max-body-bytes}") long limit,
			JsonMapper json) {
		FilterRegistrationBean<BodyLimitFilter> bean = new FilterRegistrationBean<>(new BodyLimitFilter(limit, json));
		bean.setOrder(1);
		return bean;
	}

	@Bean
	FilterRegistrationBean<TokenAuthenticationFilter> tokenAuthenticationFilter(ApiTokens tokens) {
		FilterRegistrationBean<TokenAuthenticationFilter> bean = new FilterRegistrationBean<>(
				new TokenAuthenticationFilter(tokens));
		bean.setOrder(2);
		return bean;
	}

	@Bean
	FilterRegistrationBean<RateLimitFilter> rateLimitFilter(
			@Value("${podium.edge.rate-limit.per-second}") long perSecond,
			@Value("${podium.edge.rate-limit.burst}") long burst, JsonMapper json) {
		FilterRegistrationBean<RateLimitFilter> bean = new FilterRegistrationBean<>(
				new RateLimitFilter(perSecond, burst, json));
		bean.setOrder(3);
		return bean;
	}

	@Bean
	FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(JdbcClient jdbc, JsonMapper json) {
		FilterRegistrationBean<IdempotencyFilter> bean = new FilterRegistrationBean<>(
				new IdempotencyFilter(jdbc, json));
		bean.setOrder(4);
		return bean;
	}

	@Bean
	JobWaiter jobWaiter(DataSourceProperties dataSource) {
		return new JobWaiter(dataSource.determineUrl(), dataSource.determineUsername(), dataSource.determinePassword());
	}

	@Bean
	JobAnswers jobAnswers(Jobs jobs, JobWaiter waiter) {
		return new JobAnswers(jobs, waiter);
	}

	/**
	 * Tomcat's own error answers in the JSON error body ({@link JsonErrorReportValve}).
	 */
	@Bean
	static WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> jsonTomcatErrors() {
		return JsonErrorReportValve.installer();
	}

}
