package dev.podium.platform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client for tests and benchmarks: calls the edge as an integrator would.
 */
public final class ApiClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String baseUrl;

	public ApiClient(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	public Response get(String path, String token) {
		return send("GET", path, token, null, Map.of());
	}

	public Response post(String path, String token, Object body) {
		return send("POST", path, token, body, Map.of());
	}

	public Response post(String path, String token, Object body, Map<String, String> headers) {
		return send("POST", path, token, body, headers);
	}

	/**
	 * Sends a request; a String body is sent as it is, anything else as JSON.
	 */
	public Response send(String method, String path, String token, Object body, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(90));
		if (token != null) {
			request.header("X-API-Token", token);
		}
		headers.forEach(request::header);
		if (body == null) {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		else {
			String text = (body instanceof String s) ? s : JSON.writeValueAsString(body);
			request.header("Content-Type", "application/json");
			request.method(method, HttpRequest.BodyPublishers.ofString(text));
		}
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response, response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** An answer: status, headers and the body as text and as JSON. */
	public record Response(int status, HttpResponse<String> raw, String text) {

		public JsonNode json() {
			return JSON.readTree(this.text);
		}

		public String header(String name) {
			return this.raw.headers().firstValue(name).orElse(null);
		}

	}

}
