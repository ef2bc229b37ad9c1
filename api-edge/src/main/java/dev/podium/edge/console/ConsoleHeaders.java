package dev.podium.edge.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The console's security headers: a Content-Security-Policy that allows scripts from the
 * edge only (plus the page's one import map, by its SHA-256 hash, computed here from the
 * page itself), styles from the edge, calls to the edge; no framing, no referrer, no MIME
 * sniffing.
 */
final class ConsoleHeaders extends OncePerRequestFilter {

	private static final Pattern IMPORT_MAP = Pattern.compile("<script type=\"importmap\">(.*?)</script>",
			Pattern.DOTALL);

	private final String policy;

	ConsoleHeaders(String policy) {
		this.policy = policy;
	}

	/** The headers for the console whose page is this class path resource. */
	static ConsoleHeaders fromPage(String resource) {
		return new ConsoleHeaders(policy(read(resource)));
	}

	/** The policy for a page: its inline import map, if any, is allowed by its hash. */
	static String policy(String page) {
		StringBuilder scripts = new StringBuilder("'self'");
		Matcher importMap = IMPORT_MAP.matcher(page);
		while (importMap.find()) {
			scripts.append(" 'sha256-").append(sha256(importMap.group(1))).append('\'');
		}
		return "default-src 'none'; script-src " + scripts + "; style-src 'self'; img-src 'self' data: https:; "
				+ "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		response.setHeader("Content-Security-Policy", this.policy);
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("X-Frame-Options", "DENY");
		response.setHeader("Referrer-Policy", "no-referrer");
		response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
		response.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
		chain.doFilter(request, response);
	}

	private static String sha256(String text) {
		try {
			return Base64.getEncoder()
				.encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String read(String resource) {
		try (InputStream in = ConsoleHeaders.class.getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("no resource " + resource);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
