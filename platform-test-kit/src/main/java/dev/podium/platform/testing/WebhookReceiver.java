package dev.podium.platform.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A subscriber's endpoint for tests: the JDK's HTTP server on a loopback port, each path
 * answering as a test tells it to (status, headers, a delay before answering) and keeping
 * every request it received.
 */
public final class WebhookReceiver implements AutoCloseable {

	/** How a path answers its n-th request (from 1). */
	@FunctionalInterface
	public interface Behaviour {

		Reply reply(int n);

	}

	/**
	 * An answer.
	 *
	 * @param status the status
	 * @param headers the response headers
	 * @param delay how long to wait before answering
	 */
	public record Reply(int status, Map<String, String> headers, Duration delay) {

		public static Reply status(int status) {
			return new Reply(status, Map.of(), Duration.ZERO);
		}

	}

	/**
	 * A received request.
	 *
	 * @param path the path
	 * @param at when it arrived
	 * @param nanos {@link System#nanoTime()} when it arrived
	 * @param headers its headers, names in lower case
	 * @param body its body
	 */
	public record Received(String path, Instant at, long nanos, Map<String, String> headers, String body) {

		public String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

	}

	private final HttpServer server;

	private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

	private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();

	private final Map<String, List<Received>> received = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

	private WebhookReceiver(HttpServer server) {
		this.server = server;
	}

	/** A receiver on 127.0.0.1 and a free port; every path answers 204 until told. */
	public static WebhookReceiver start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
			WebhookReceiver receiver = new WebhookReceiver(server);
			server.createContext("/", receiver::handle);
			server.setExecutor(receiver.executor);
			server.start();
			return receiver;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The URL of a path, e.g. {@code http://127.0.0.1:4711/hooks/a}. */
	public String url(String path) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
	}

	/** How a path answers from now on. */
	public void on(String path, Behaviour behaviour) {
		this.behaviours.put(path, behaviour);
	}

	/** The requests a path received so far, in order of arrival. */
	public List<Received> requests(String path) {
		List<Received> list = this.received.get(path);
		if (list == null) {
			return List.of();
		}
		synchronized (list) {
			return List.copyOf(list);
		}
	}

	private void handle(HttpExchange exchange) throws IOException {
		Instant at = Instant.now();
		long nanos = System.nanoTime();
		String path = exchange.getRequestURI().getPath();
		Map<String, String> headers = new TreeMap<>();
		exchange.getRequestHeaders()
			.forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
		String body;
		try (InputStream in = exchange.getRequestBody()) {
			body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		List<Received> list = this.received.computeIfAbsent(path, (p) -> new ArrayList<>());
		synchronized (list) {
			list.add(new Received(path, at, nanos, Map.copyOf(headers), body));
		}
		int n = this.counts.computeIfAbsent(path, (p) -> new AtomicInteger()).incrementAndGet();
		Reply reply = this.behaviours.getOrDefault(path, (i) -> Reply.status(204)).reply(n);
		try {
			if (!reply.delay().isZero()) {
				Thread.sleep(reply.delay());
			}
			reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
			exchange.sendResponseHeaders(reply.status(), -1);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (IOException ex) {
			// the sender gave up (timeout): nothing to answer
		}
		finally {
			exchange.close();
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
