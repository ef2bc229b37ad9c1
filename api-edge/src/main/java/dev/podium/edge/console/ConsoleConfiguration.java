package dev.podium.edge.console;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the console's files from {@code classpath:/console/} at {@code /console/} (not
 * handler methods, so no token is needed and the route list of the API stays the API's)
 * and puts {@link ConsoleHeaders} on them.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleConfiguration implements WebMvcConfigurer {

	/** Where the console's files live on the class path. */
	static final String LOCATION = "classpath:/console/";

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		registry.addResourceHandler("/console/**")
			.addResourceLocations(LOCATION)
			.setCacheControl(CacheControl.noCache());
	}

	@Override
	public void addViewControllers(ViewControllerRegistry registry) {
		registry.addRedirectViewController("/console", "/console/");
		registry.addViewController("/console/").setViewName("forward:/console/index.html");
	}

	@Bean
	FilterRegistrationBean<ConsoleHeaders> consoleHeaders() {
		FilterRegistrationBean<ConsoleHeaders> bean = new FilterRegistrationBean<>(
				ConsoleHeaders.fromPage("/console/index.html"));
		bean.addUrlPatterns("/console", "/console/*");
		bean.setOrder(0);
		return bean;
	}

}
