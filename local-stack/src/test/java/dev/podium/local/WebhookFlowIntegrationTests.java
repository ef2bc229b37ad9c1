package dev.podium.local;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.podium.platform.testing.ApiClient;
import dev.podium.platform.testing.WebhookReceiver;
import dev.podium.platform.testing.WebhookReceiver.Received;
import dev.podium.platform.testing.WebhookVerifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhooks through the whole system: a subscription made over HTTP, a manual grant, its
 * event through the outbox, the relay and Kafka to the notification-worker, which signs
 * and posts it to a local receiver; the delivery log, a replay and a rotation, all over
 * HTTP. The local stack allows loopback URLs (development).
 */
class WebhookFlowIntegrationTests extends StackTestSupport {

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	private static final JsonMapper JSON = JsonMapper.shared();

	private static WebhookReceiver receiver;

	@BeforeAll
	static void startReceiver() {
		receiver = WebhookReceiver.start();
	}

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	@Test
	void aGrantReachesTheSubscriberSignedAndIsReplayedAndRotationSignsTwice() {
		String path = "/flow/" + UUID.randomUUID();
		ApiClient.Response created = api.post("/webhooks", this.tenant.admin(),
				Map.of("url", receiver.url(path), "events", List.of("podium.badge.granted.v1")));
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		long subscription = created.json().get("id").asLong();
		String secret = created.json().get("secret").asString();
		long badge = api.post("/badges", this.tenant.admin(), Map.of("name", "Helper")).json().get("id").asLong();

		grant(badge, 17);

		Received first = awaitRequests(path, 1).get(0);
		assertThat(verify(secret, first, first.header("webhook-signature"))).isTrue();
		JsonNode event = JSON.readTree(first.body());
		assertThat(event.get("type").asString()).isEqualTo("podium.badge.granted.v1");
		assertThat(event.get("id").asString()).isEqualTo(first.header("webhook-id"));
		assertThat(event.get("subject").asString()).isEqualTo("participants/2:17");
		assertThat(event.at("/data/badgeId").asLong()).isEqualTo(badge);
		assertThat(event.at("/data/organisationId").asLong()).isEqualTo(this.tenant.organisationId());
		await().atMost(DEADLINE)
			.until(() -> "delivered".equals(deliveries(subscription).at("/rows/0/status").asString()));
		JsonNode log = deliveries(subscription);
		assertThat(log.get("totalrows").asLong()).isEqualTo(1);
		assertThat(log.at("/rows/0/eventid").asString()).isEqualTo(first.header("webhook-id"));
		assertThat(log.at("/rows/0/attempts").asInt()).isEqualTo(1);
		assertThat(log.at("/rows/0/lastresponsecode").asInt()).isEqualTo(204);

		long delivery = log.at("/rows/0/id").asLong();
		assertThat(api.post("/webhooks/deliveries/replay?id=" + delivery, this.tenant.admin(), null).status())
			.isEqualTo(200);
		Received replayed = awaitRequests(path, 2).get(1);
		assertThat(replayed.header("webhook-id")).isEqualTo(first.header("webhook-id"));
		assertThat(replayed.body()).isEqualTo(first.body());
		assertThat(verify(secret, replayed, replayed.header("webhook-signature"))).isTrue();

		String rotated = api.post("/webhooks/rotate?id=" + subscription, this.tenant.admin(), null)
			.json()
			.get("secret")
			.asString();
		grant(badge, 18);
		Received during = awaitRequests(path, 3).get(2);
		String[] signatures = during.header("webhook-signature").split(" ");
		assertThat(signatures).hasSize(2);
		assertThat(verify(rotated, during, signatures[0])).isTrue();
		assertThat(verify(secret, during, signatures[1])).isTrue();
	}

	private void grant(long badge, long participant) {
		ApiClient.Response granted = api.post("/badges/grant", this.tenant.admin(),
				Map.of("badgeid", badge, "participanttype", 2, "participantid", participant));
		assertThat(granted.status()).as(granted.text()).isEqualTo(201);
	}

	private JsonNode deliveries(long subscription) {
		return api.get("/webhooks/deliveries?subscriptionid=" + subscription, this.tenant.admin()).json();
	}

	private static List<Received> awaitRequests(String path, int count) {
		await().atMost(DEADLINE).until(() -> receiver.requests(path).size() >= count);
		return receiver.requests(path);
	}

	private static boolean verify(String secret, Received request, String signature) {
		return WebhookVerifier.verify(secret, request.header("webhook-id"), request.header("webhook-timestamp"),
				request.body(), signature, Instant.now());
	}

}
