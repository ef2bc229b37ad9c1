package dev.podium.notificationworker.webhooks;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.podium.platform.webhook.WebhookSecrets;
import dev.podium.platform.webhook.WebhookUrls;

/**
 * Sends one delivery: checks the URL's addresses again (DNS may have changed since the
 * subscription was saved), signs the body per the Standard Webhooks specification and
 * posts it once, never following a redirect, within the connect and request timeouts.
 */
class Sender {

	static final String USER_AGENT = "Podium-Webhooks/1";

	private final HttpClient http;

	private final WebhookUrls urls;

	private final WebhookSecrets secrets;

	private final Duration requestTimeout;

	private final Clock clock;

	private static final int MAX_OPENED = 10_000;

	/** Opened secrets by subscription (2 × id current, 2 × id + 1 previous). */
	private final Map<Long, Opened> opened = new ConcurrentHashMap<>();

	Sender(HttpClient http, WebhookUrls urls, WebhookSecrets secrets, Duration requestTimeout, Clock clock) {
		this.http = http;
		this.urls = urls;
		this.secrets = secrets;
		this.requestTimeout = requestTimeout;
		this.clock = clock;
	}

	/** The HTTP client every send uses: no redirects, bounded connect time, HTTP/1.1. */
	static HttpClient client(Duration connectTimeout) {
		return HttpClient.newBuilder()
			.connectTimeout(connectTimeout)
			.followRedirects(HttpClient.Redirect.NEVER)
			.version(HttpClient.Version.HTTP_1_1)
			.build();
	}

	Attempt send(DeliveryQueue.Claimed delivery) {
		URI uri;
		try {
			uri = this.urls.check(delivery.url()).uri();
		}
		catch (WebhookUrls.Refused ex) {
			return Attempt.failed(null, "not sent: " + ex.getMessage());
		}
		List<String> signing = new ArrayList<>(2);
		signing.add(open(delivery, 2 * delivery.subscriptionId(), delivery.secret()));
		if (delivery.previousSecret() != null) {
			signing.add(open(delivery, 2 * delivery.subscriptionId() + 1, delivery.previousSecret()));
		}
		long timestamp = this.clock.instant().getEpochSecond();
		String id = delivery.eventId().toString();
		HttpRequest request = HttpRequest.newBuilder(uri)
			.timeout(this.requestTimeout)
			.header("content-type", "application/json")
			.header("user-agent", USER_AGENT)
			.header("webhook-id", id)
			.header("webhook-timestamp", Long.toString(timestamp))
			.header("webhook-signature", Signatures.header(signing, id, timestamp, delivery.body()))
			.POST(HttpRequest.BodyPublishers.ofString(delivery.body()))
			.build();
		CompletableFuture<HttpResponse<Void>> sent = this.http.sendAsync(request,
				HttpResponse.BodyHandlers.discarding());
		HttpResponse<Void> response;
		try {
			// The request timeout covers the headers; this bound covers a body that
			// trickles.
			response = sent.get(this.requestTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			sent.cancel(true);
			return Attempt.failed(null, "no answer within " + this.requestTimeout.toSeconds() + " s");
		}
		catch (InterruptedException ex) {
			sent.cancel(true);
			Thread.currentThread().interrupt();
			return Attempt.failed(null, "not sent: the worker is stopping");
		}
		catch (ExecutionException ex) {
			return Attempt.failed(null, describe(ex.getCause()));
		}
		return classify(response);
	}

	/**
	 * A subscription's secret, opened once while its sealed form stays the same (opening
	 * it for every send was half of a send's CPU time).
	 */
	private String open(DeliveryQueue.Claimed delivery, long slot, byte[] sealed) {
		Opened cached = this.opened.get(slot);
		if (cached != null && Arrays.equals(cached.sealed(), sealed)) {
			return cached.secret();
		}
		String secret = this.secrets.open(delivery.organisationId(), sealed);
		if (this.opened.size() >= MAX_OPENED) {
			this.opened.clear();
		}
		this.opened.put(slot, new Opened(sealed.clone(), secret));
		return secret;
	}

	/** An opened secret and the sealed form it came from. */
	private record Opened(byte[] sealed, String secret) {

		@Override
		public String toString() {
			return "Opened[(hidden)]";
		}

	}

	private Attempt classify(HttpResponse<Void> response) {
		int status = response.statusCode();
		if (status >= 200 && status < 300) {
			return Attempt.delivered(status);
		}
		if (status == 410) {
			return Attempt.gone();
		}
		if (status == 429) {
			return Attempt.throttled(RetryPolicy.retryAfter(response.headers().firstValue("retry-after").orElse(null),
					this.clock.instant()));
		}
		if (status >= 300 && status < 400) {
			return Attempt.failed(status, "HTTP " + status + ": redirects are not followed");
		}
		return Attempt.failed(status, "HTTP " + status);
	}

	private String describe(Throwable failure) {
		if (failure instanceof HttpConnectTimeoutException) {
			return "could not connect within the connect timeout";
		}
		if (failure instanceof HttpTimeoutException) {
			return "no answer within " + this.requestTimeout.toSeconds() + " s";
		}
		if (failure instanceof ConnectException) {
			return "could not connect";
		}
		if (failure instanceof IOException) {
			String message = failure.getMessage();
			return "I/O error" + ((message != null) ? ": " + abbreviate(message) : "");
		}
		return "failed: " + failure.getClass().getSimpleName();
	}

	private static String abbreviate(String text) {
		return (text.length() > 200) ? text.substring(0, 200) : text;
	}

}
