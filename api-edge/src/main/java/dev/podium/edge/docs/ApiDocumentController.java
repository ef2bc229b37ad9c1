package dev.podium.edge.docs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import dev.podium.edge.auth.Anonymous;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Serves the hand-written OpenAPI document ({@code openapi/openapi.yaml}) as YAML and as
 * JSON, and a Swagger UI page that renders it (Swagger UI's files come from its webjar
 * under {@code /webjars/swagger-ui/}). All three answer without a token.
 */
@RestController
class ApiDocumentController {

	/** Where the document lives on the class path. */
	static final String DOCUMENT = "/openapi/openapi.yaml";

	private static final MediaType YAML = MediaType.parseMediaType("application/yaml;charset=UTF-8");

	private static final CacheControl CACHE = CacheControl.noCache();

	private final byte[] yaml;

	private final byte[] json;

	private final byte[] page;

	ApiDocumentController() {
		this.yaml = read(DOCUMENT);
		JsonNode document = new YAMLMapper().readTree(this.yaml);
		this.json = JsonMapper.shared().writeValueAsBytes(document);
		this.page = read("/openapi/docs.html");
	}

	@GetMapping("/openapi.yaml")
	@Anonymous
	ResponseEntity<byte[]> yaml() {
		return ResponseEntity.ok().contentType(YAML).cacheControl(CACHE).body(this.yaml);
	}

	@GetMapping("/openapi.json")
	@Anonymous
	ResponseEntity<byte[]> json() {
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).cacheControl(CACHE).body(this.json);
	}

	@GetMapping("/docs")
	@Anonymous
	ResponseEntity<byte[]> page() {
		return ResponseEntity.ok()
			.contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
			.cacheControl(CACHE)
			.body(this.page);
	}

	private static byte[] read(String resource) {
		try (InputStream in = ApiDocumentController.class.getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("no resource " + resource);
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
