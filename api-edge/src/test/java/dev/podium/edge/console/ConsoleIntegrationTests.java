package dev.podium.edge.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.podium.edge.EdgeTest;
import dev.podium.edge.EdgeTestSupport;
import dev.podium.platform.testing.ApiClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@EdgeTest
class ConsoleIntegrationTests extends EdgeTestSupport {

	@Test
	void theConsolesFilesAnswerWithoutATokenWithTheirSecurityHeaders() throws Exception {
		ApiClient.Response page = this.api.get("/console/", null);

		assertThat(page.status()).isEqualTo(200);
		assertThat(page.header("Content-Type")).startsWith("text/html");
		assertThat(page.text()).contains("<script type=\"module\" src=\"app.js\"></script>");
		Matcher importMap = Pattern.compile("<script type=\"importmap\">(.*?)</script>", Pattern.DOTALL)
			.matcher(page.text());
		assertThat(importMap.find()).isTrue();
		String hash = Base64.getEncoder()
			.encodeToString(
					MessageDigest.getInstance("SHA-256").digest(importMap.group(1).getBytes(StandardCharsets.UTF_8)));
		String policy = page.header("Content-Security-Policy");
		assertThat(policy).contains("default-src 'none'", "script-src 'self' 'sha256-" + hash + "';",
				"frame-ancestors 'none'", "connect-src 'self'");
		assertThat(policy).doesNotContain("unsafe-inline", "unsafe-eval");
		assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
		assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");

		for (String file : List.of("/console/app.js", "/console/console.css")) {
			ApiClient.Response asset = this.api.get(file, null);
			assertThat(asset.status()).as(file).isEqualTo(200);
			assertThat(asset.header("Content-Security-Policy")).as(file).isEqualTo(policy);
		}
		assertThat(this.api.get("/console/app.js", null).header("Content-Type")).contains("javascript");
	}

	@Test
	void theImportMapsModulesComeFromTheWebjarWithoutAToken() {
		for (String module : List.of("/webjars/preact/dist/preact.module.js",
				"/webjars/preact/hooks/dist/hooks.module.js")) {
			ApiClient.Response answer = this.api.get(module, null);
			assertThat(answer.status()).as(module).isEqualTo(200);
			assertThat(answer.header("Content-Type")).as(module).contains("javascript");
		}
	}

	@Test
	void theConsoleWithoutASlashRedirectsToThePage() {
		ApiClient.Response answer = this.api.get("/console", null);

		assertThat(answer.status()).isEqualTo(302);
		assertThat(answer.header("Location")).endsWith("/console/");
	}

	@Test
	void meSaysWhatTheTokenIsAndTheApiStillNeedsOne() {
		ApiClient.Response viewer = this.api.get("/me", this.tenant.viewer());
		ApiClient.Response participant = this.api.get("/me", this.tenant.participant());

		assertThat(viewer.status()).isEqualTo(200);
		assertThat(viewer.json().get("role").asString()).isEqualTo("viewer");
		assertThat(viewer.json().get("organisationid").asLong()).isEqualTo(this.tenant.organisationId());
		assertThat(viewer.json().get("participantid").isNull()).isTrue();
		assertThat(participant.json().get("role").asString()).isEqualTo("participant");
		assertThat(participant.json().get("participanttype").asInt()).isEqualTo(2);
		assertThat(participant.json().get("participantid").asLong()).isEqualTo(1);
		assertThat(viewer.text()).doesNotContain(this.tenant.viewer());
		assertThat(this.api.get("/me", null).status()).isEqualTo(401);
		assertThat(this.api.get("/challenges", null).status()).isEqualTo(401);
	}

}
