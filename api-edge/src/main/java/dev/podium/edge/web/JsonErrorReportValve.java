package dev.podium.edge.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import dev.podium.platform.error.ApiError;
import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.res.StringManager;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's own error answers (those it gives before a request reaches Spring, e.g. a
 * request header over the size limit) in the API's JSON error body instead of Tomcat's
 * HTML page. A header too large is a 431 {@code headers_too_large}; any other such
 * failure keeps Tomcat's status with the code {@code bad_request} (or
 * {@code internal_error} for a 5xx).
 * <p>
 * Each of these answers says {@code Connection: close}. Tomcat closes the connection
 * after a request it could not read, but adds the header itself only for the statuses it
 * knows to drop a connection (400 among them, not 431): without it a client that pools
 * connections would send its next request on the closed one (the JDK client fails a POST
 * so: "header parser received no bytes").
 */
public class JsonErrorReportValve extends ErrorReportValve {

	private static final JsonMapper JSON = JsonMapper.shared();

	/**
	 * Tomcat's message for a request header over the limit, in the same language as the
	 * one it throws (its messages are localised): the only sign of that failure it gives.
	 */
	private static final String HEADER_TOO_LARGE = StringManager.getManager("org.apache.coyote.http11")
		.getString("iib.requestheadertoolarge.error");

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0) {
			return;
		}
		ApiError error;
		if (status == 400 && throwable instanceof IllegalArgumentException
				&& HEADER_TOO_LARGE.equals(throwable.getMessage())) {
			error = new ApiError(431, "headers_too_large", "the request's headers are too large", null);
		}
		else if (status >= 500) {
			error = ApiError.INTERNAL;
		}
		else {
			error = new ApiError(status, "bad_request", "the request is not valid HTTP", null);
		}
		try {
			response.setStatus(error.status());
			response.setHeader("Connection", "close");
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(JSON.writeValueAsString(error));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the connection is gone: nothing to answer
		}
	}

	/** The customizer that installs the valve. */
	public static WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> installer() {
		return new Installer();
	}

	/**
	 * Puts the valve on the host in place of Tomcat's (after Boot's own customizers,
	 * which may have added one).
	 */
	static final class Installer implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

		@Override
		public void customize(ConfigurableTomcatWebServerFactory factory) {
			factory.addContextCustomizers((context) -> {
				Container parent = context.getParent();
				if (parent instanceof StandardHost host) {
					for (Valve valve : host.getPipeline().getValves()) {
						if (valve instanceof ErrorReportValve) {
							host.getPipeline().removeValve(valve);
						}
					}
					host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
				}
			});
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

}
