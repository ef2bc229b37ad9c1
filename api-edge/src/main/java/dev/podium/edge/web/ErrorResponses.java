package dev.podium.edge.web;

import java.io.IOException;

import dev.podium.platform.error.ApiError;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes an error body from a filter, where the controller advice cannot reach.
 */
public final class ErrorResponses {

	private ErrorResponses() {
	}

	public static void write(HttpServletResponse response, ApiError error, JsonMapper json) throws IOException {
		response.setStatus(error.status());
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.getOutputStream().write(json.writeValueAsBytes(error));
	}

}
