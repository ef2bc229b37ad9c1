package dev.podium.edge.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.podium.edge.EdgeTest;
import dev.podium.edge.EdgeTestSupport;
import dev.podium.platform.testing.ApiClient;
import dev.podium.platform.testing.TestTenant;
import dev.podium.platform.webhook.WebhookSecrets;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /webhooks}, {@code /webhooks/rotate}, {@code /webhooks/deliveries} and
 * {@code /webhooks/deliveries/replay} on the edge alone (no worker sends anything here).
 * The edge runs without {@code allow-loopback}, as in production; subscriptions point at
 * 203.0.113.0/24 (TEST-NET-3: public, never routed).
 */
@EdgeTest
class WebhookIntegrationTests extends EdgeTestSupport {

	private static final String URL = "https://203.0.113.10/hooks/podium";

	@Autowired
	JdbcClient jdbc;

	@Autowired
	WebhookSecrets secrets;

	@Test
	void aCreatedSubscriptionShowsItsSecretOnceAndStoresItSealed() {
		ApiClient.Response created = this.api.post("/webhooks", this.tenant.admin(), Map.of("url", URL, "events",
				List.of("podium.badge.granted.v1", "podium.points.recorded.v1"), "description", " rewards "));

		assertThat(created.status()).as(created.text()).isEqualTo(201);
		long id = created.json().get("id").asLong();
		String secret = created.json().get("secret").asString();
		assertThat(secret).startsWith("whsec_");
		assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSize(24);
		JsonNode webhook = created.json().get("webhook");
		assertThat(webhook.get("id").asLong()).isEqualTo(id);
		assertThat(webhook.get("url").asString()).isEqualTo(URL);
		assertThat(texts(webhook.get("events"))).containsExactly("podium.badge.granted.v1",
				"podium.points.recorded.v1");
		assertThat(webhook.get("active").asInt()).isEqualTo(1);
		assertThat(webhook.get("description").asString()).isEqualTo("rewards");
		assertThat(webhook.get("createdat").asString()).isNotBlank();

		ApiClient.Response one = this.api.get("/webhooks?id=" + id, this.tenant.admin());
		ApiClient.Response list = this.api.get("/webhooks", this.tenant.admin());
		assertThat(one.status()).isEqualTo(200);
		assertThat(one.text()).doesNotContain("secret\":\"whsec").doesNotContain(secret.substring(6));
		assertThat(list.text()).doesNotContain(secret.substring(6));
		assertThat(list.json().get("totalrows").asLong()).isEqualTo(1);
		assertThat(list.json().at("/rows/0/id").asLong()).isEqualTo(id);

		byte[] stored = this.jdbc.sql("select secret from webhook_subscription where id = :id")
			.param("id", id)
			.query(byte[].class)
			.single();
		assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(secret.substring(6));
		assertThat(this.secrets.open(this.tenant.organisationId(), stored)).isEqualTo(secret);
	}

	@Test
	void eventsDefaultToEverythingAndFieldsComeFromTheQueryStringToo() {
		ApiClient.Response created = this.api.post("/webhooks?url=" + URL + "&active=0", this.tenant.admin(), null);

		assertThat(created.status()).as(created.text()).isEqualTo(201);
		assertThat(texts(created.json().at("/webhook/events"))).containsExactly("*");
		assertThat(created.json().at("/webhook/active").asInt()).isZero();
		ApiClient.Response star = this.api.post("/webhooks", this.tenant.admin(),
				Map.of("url", URL, "events", List.of("podium.badge.granted.v1", "*")));
		assertThat(texts(star.json().at("/webhook/events"))).containsExactly("*");
		ApiClient.Response csv = this.api.post(
				"/webhooks?url=" + URL + "&events=podium.badge.granted.v1,podium.badge.revoked.v1", this.tenant.admin(),
				null);
		assertThat(texts(csv.json().at("/webhook/events"))).containsExactly("podium.badge.granted.v1",
				"podium.badge.revoked.v1");
	}

	@Test
	void everyInvalidFieldIsNamedAndPrivateAddressesAreRefused() {
		assertThat(refusal(Map.of("events", "*"))).isEqualTo("url");
		for (String url : List.of("ftp://203.0.113.10/x", "https://127.0.0.1/hook", "http://localhost:8080/hook",
				"https://169.254.169.254/latest/meta-data/", "https://10.0.0.1/hook", "https://[::1]/hook",
				"https://[::ffff:127.0.0.1]/hook", "https://2130706433/hook", "https://0x7f000001/hook",
				"https://0177.0.0.1/hook", "https://127.1/hook", "http://203.0.113.10/hook",
				"https://user:secret@203.0.113.10/hook")) {
			assertThat(refusal(Map.of("url", url))).as(url).isEqualTo("url");
		}
		assertThat(refusal(Map.of("url", URL, "events", List.of("podium.nothing.v1")))).isEqualTo("events");
		assertThat(refusal(Map.of("url", URL, "events", List.of("podium.command.close-challenge.v1"))))
			.isEqualTo("events");
		assertThat(refusal(Map.of("url", URL, "events", List.of()))).isEqualTo("events");
		assertThat(refusal(Map.of("url", URL, "events", List.of(1)))).isEqualTo("events");
		assertThat(refusal(Map.of("url", URL, "active", "perhaps"))).isEqualTo("active");
		assertThat(refusal(Map.of("url", URL, "description", "x".repeat(1001)))).isEqualTo("description");
		assertThat(this.api.get("/webhooks", this.tenant.admin()).json().get("totalrows").asLong()).isZero();
	}

	@Test
	void anUpdateChangesOnlyTheFieldsSentAndChecksANewUrl() {
		long id = create(Map.of("url", URL, "events", List.of("podium.badge.granted.v1"), "description", "kept"));

		ApiClient.Response renamed = put(id, Map.of("description", "changed"));
		ApiClient.Response moved = put(id, Map.of("url", "https://203.0.113.11/other"));
		ApiClient.Response refused = put(id, Map.of("url", "https://192.168.0.10/inside"));

		assertThat(renamed.status()).as(renamed.text()).isEqualTo(200);
		assertThat(renamed.json().at("/webhook/description").asString()).isEqualTo("changed");
		assertThat(renamed.json().at("/webhook/url").asString()).isEqualTo(URL);
		assertThat(texts(renamed.json().at("/webhook/events"))).containsExactly("podium.badge.granted.v1");
		assertThat(moved.json().at("/webhook/url").asString()).isEqualTo("https://203.0.113.11/other");
		assertThat(moved.json().at("/webhook/description").asString()).isEqualTo("changed");
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().get("field").asString()).isEqualTo("url");
		assertThat(this.api.get("/webhooks?id=" + id, this.tenant.admin()).json().at("/webhook/url").asString())
			.isEqualTo("https://203.0.113.11/other");
	}

	@Test
	void deactivatingFailsPendingDeliveriesAndActivatingClearsTheDisabledReason() {
		long id = create(Map.of("url", URL));
		long pending = delivery(id, "pending", 2);
		long delivered = delivery(id, "delivered", 1);
		this.jdbc
			.sql("update webhook_subscription set disabled_reason = 'the subscriber answered 410 Gone' "
					+ "where id = :id")
			.param("id", id)
			.update();

		put(id, Map.of("active", 0));

		assertThat(status(pending)).isEqualTo("failed");
		assertThat(status(delivered)).isEqualTo("delivered");
		ApiClient.Response active = put(id, Map.of("active", true));
		assertThat(active.json().at("/webhook/active").asInt()).isEqualTo(1);
		assertThat(active.json().at("/webhook/disabledreason").isNull()).isTrue();
	}

	@Test
	void rotationShowsANewSecretOnceAndKeepsTheOldOneForTheWindow() {
		ApiClient.Response created = this.api.post("/webhooks", this.tenant.admin(), Map.of("url", URL));
		long id = created.json().get("id").asLong();
		String first = created.json().get("secret").asString();

		ApiClient.Response rotated = this.api.post("/webhooks/rotate?id=" + id, this.tenant.admin(), null);

		assertThat(rotated.status()).as(rotated.text()).isEqualTo(200);
		String second = rotated.json().get("secret").asString();
		assertThat(second).startsWith("whsec_").isNotEqualTo(first);
		Instant expires = Instant.parse(rotated.json().get("previoussecretexpiresat").asString());
		assertThat(expires).isBetween(Instant.now().plus(Duration.ofHours(23)),
				Instant.now().plus(Duration.ofHours(25)));
		Map<String, Object> row = this.jdbc
			.sql("select secret, previous_secret from webhook_subscription where id = :id")
			.param("id", id)
			.query()
			.singleRow();
		assertThat(this.secrets.open(this.tenant.organisationId(), (byte[]) row.get("secret"))).isEqualTo(second);
		assertThat(this.secrets.open(this.tenant.organisationId(), (byte[]) row.get("previous_secret")))
			.isEqualTo(first);
		JsonNode webhook = this.api.get("/webhooks?id=" + id, this.tenant.admin()).json().get("webhook");
		assertThat(webhook.get("secretrotatedat").isNull()).isFalse();
		assertThat(Instant.parse(webhook.get("previoussecretexpiresat").asString())).isEqualTo(expires);
		assertThat(this.api.post("/webhooks/rotate", this.tenant.admin(), null).json().get("field").asString())
			.isEqualTo("id");
	}

	@Test
	void aReplayedCreateAnswersWithoutTheSecretAndCreatesNothing() {
		Map<String, String> key = Map.of("Idempotency-Key", "create-" + UUID.randomUUID());
		Map<String, Object> body = Map.of("url", URL);

		ApiClient.Response first = this.api.post("/webhooks", this.tenant.admin(), body, key);
		ApiClient.Response again = this.api.post("/webhooks", this.tenant.admin(), body, key);

		assertThat(first.status()).isEqualTo(201);
		String secret = first.json().get("secret").asString();
		assertThat(again.status()).isEqualTo(201);
		assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(again.json().get("id").asLong()).isEqualTo(first.json().get("id").asLong());
		assertThat(again.json().get("secret").isNull()).isTrue();
		assertThat(again.text()).doesNotContain(secret.substring(6));
		assertThat(this.api.get("/webhooks", this.tenant.admin()).json().get("totalrows").asLong()).isEqualTo(1);
		assertThat(this.jdbc
			.sql("select count(*) from idempotency_key where organisation_id = :o "
					+ "and position(convert_to(:s, 'UTF8') in body) > 0")
			.param("o", this.tenant.organisationId())
			.param("s", secret.substring(6))
			.query(Long.class)
			.single()).as("the secret is not stored for replays").isZero();
	}

	@Test
	void deleteRemovesTheSubscriptionAndItsLog() {
		long id = create(Map.of("url", URL));
		long delivery = delivery(id, "failed", 10);

		ApiClient.Response deleted = this.api.send("DELETE", "/webhooks?id=" + id, this.tenant.admin(), null, Map.of());

		assertThat(deleted.status()).isEqualTo(200);
		assertThat(deleted.json().get("deleted").asBoolean()).isTrue();
		assertThat(this.api.get("/webhooks?id=" + id, this.tenant.admin()).status()).isEqualTo(404);
		assertThat(this.api.send("DELETE", "/webhooks?id=" + id, this.tenant.admin(), null, Map.of()).status())
			.isEqualTo(404);
		assertThat(this.jdbc.sql("select count(*) from webhook_delivery where id = :id")
			.param("id", delivery)
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void theDeliveryLogFiltersBySubscriptionAndStatusAndPages() {
		long a = create(Map.of("url", URL));
		long b = create(Map.of("url", URL));
		long pending = delivery(a, "pending", 0);
		long delivered = delivery(a, "delivered", 1);
		long failed = delivery(b, "failed", 10);

		ApiClient.Response all = this.api.get("/webhooks/deliveries", this.tenant.admin());

		assertThat(all.status()).as(all.text()).isEqualTo(200);
		assertThat(all.json().get("totalrows").asLong()).isEqualTo(3);
		assertThat(ids(all)).containsExactly(failed, delivered, pending);
		JsonNode row = all.json().at("/rows/0");
		assertThat(row.get("subscriptionid").asLong()).isEqualTo(b);
		assertThat(row.get("eventtype").asString()).isEqualTo("podium.badge.granted.v1");
		assertThat(row.get("eventid").asString()).hasSize(36);
		assertThat(row.get("status").asString()).isEqualTo("failed");
		assertThat(row.get("attempts").asInt()).isEqualTo(10);
		assertThat(row.get("lastresponsecode").asInt()).isEqualTo(503);
		assertThat(row.get("lasterror").asString()).isEqualTo("HTTP 503");
		assertThat(row.has("nextattemptat")).isTrue();
		assertThat(row.get("createdat").asString()).isNotBlank();
		assertThat(row.get("eventtime").asString()).isNotBlank();
		assertThat(ids(this.api.get("/webhooks/deliveries?subscriptionid=" + a, this.tenant.admin())))
			.containsExactly(delivered, pending);
		assertThat(ids(this.api.get("/webhooks/deliveries?status=pending", this.tenant.admin())))
			.containsExactly(pending);
		ApiClient.Response page = this.api.get("/webhooks/deliveries?perPage=1&page=2", this.tenant.admin());
		assertThat(ids(page)).containsExactly(delivered);
		assertThat(page.json().get("totalrows").asLong()).isEqualTo(3);
		assertThat(this.api.get("/webhooks/deliveries?status=lost", this.tenant.admin()).json().get("field").asString())
			.isEqualTo("status");
		assertThat(this.api.get("/webhooks/deliveries?subscriptionid=x", this.tenant.admin())
			.json()
			.get("field")
			.asString()).isEqualTo("subscriptionid");
	}

	@Test
	void aReplayMakesADeliveryDueNowWithAFreshSchedule() {
		long id = create(Map.of("url", URL));
		long failed = delivery(id, "failed", 10);
		UUID event = this.jdbc.sql("select event_id from webhook_delivery where id = :id")
			.param("id", failed)
			.query(UUID.class)
			.single();

		ApiClient.Response replayed = this.api.post("/webhooks/deliveries/replay?id=" + failed, this.tenant.admin(),
				null);

		assertThat(replayed.status()).as(replayed.text()).isEqualTo(200);
		JsonNode delivery = replayed.json().get("delivery");
		assertThat(delivery.get("status").asString()).isEqualTo("pending");
		assertThat(delivery.get("attempts").asInt()).isZero();
		assertThat(delivery.get("eventid").asString()).as("the same webhook-id").isEqualTo(event.toString());
		assertThat(Instant.parse(delivery.get("nextattemptat").asString())).isBefore(Instant.now().plusSeconds(1));
		assertThat(delivery.has("subscriptionactive")).isFalse();

		put(id, Map.of("active", 0));
		ApiClient.Response inactive = this.api.post("/webhooks/deliveries/replay?id=" + failed, this.tenant.admin(),
				null);
		assertThat(inactive.status()).isEqualTo(409);
		assertThat(inactive.json().get("code").asString()).isEqualTo("webhook_inactive");
		assertThat(this.api.post("/webhooks/deliveries/replay?id=999999999", this.tenant.admin(), null).status())
			.isEqualTo(404);
	}

	@Test
	void onlyAdminsMayCallAndAnotherOrganisationsIdsAre404() {
		long id = create(Map.of("url", URL));
		long delivery = delivery(id, "failed", 10);
		List<String[]> routes = List.of(new String[] { "GET", "/webhooks" },
				new String[] { "GET", "/webhooks?id=" + id }, new String[] { "POST", "/webhooks" },
				new String[] { "PUT", "/webhooks?id=" + id }, new String[] { "DELETE", "/webhooks?id=" + id },
				new String[] { "POST", "/webhooks/rotate?id=" + id }, new String[] { "GET", "/webhooks/deliveries" },
				new String[] { "POST", "/webhooks/deliveries/replay?id=" + delivery });
		for (String[] route : routes) {
			for (String token : List.of(this.tenant.coordinator(), this.tenant.viewer(), this.tenant.participant())) {
				ApiClient.Response denied = this.api.send(route[0], route[1], token, Map.of("url", URL), Map.of());
				assertThat(denied.status()).as(route[0] + " " + route[1]).isEqualTo(403);
			}
			assertThat(this.api.send(route[0], route[1], null, null, Map.of()).status()).isEqualTo(401);
		}
		TestTenant other = TestTenant.create(this.context);
		for (String[] route : routes.stream().filter((r) -> r[1].contains("?id=")).toList()) {
			ApiClient.Response foreign = this.api.send(route[0], route[1], other.admin(), Map.of("url", URL), Map.of());
			assertThat(foreign.status()).as(route[0] + " " + route[1]).isEqualTo(404);
		}
		assertThat(this.api.get("/webhooks/deliveries", other.admin()).json().get("totalrows").asLong()).isZero();
		assertThat(this.api.get("/webhooks", other.admin()).json().get("totalrows").asLong()).isZero();
		assertThat(this.api.get("/webhooks?id=" + id, this.tenant.admin()).status()).isEqualTo(200);
	}

	// --- helpers

	private long create(Map<String, Object> fields) {
		ApiClient.Response created = this.api.post("/webhooks", this.tenant.admin(), fields);
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		return created.json().get("id").asLong();
	}

	private ApiClient.Response put(long id, Map<String, Object> fields) {
		return this.api.send("PUT", "/webhooks?id=" + id, this.tenant.admin(), fields, Map.of());
	}

	private String refusal(Map<String, Object> fields) {
		ApiClient.Response refused = this.api.post("/webhooks", this.tenant.admin(), new HashMap<>(fields));
		assertThat(refused.status()).as(refused.text()).isEqualTo(400);
		return refused.json().get("field").asString();
	}

	/** A delivery row of an event written as the worker writes them. */
	private long delivery(long subscription, String status, int attempts) {
		UUID event = UUID.randomUUID();
		this.jdbc.sql("""
				insert into webhook_event (id, organisation_id, type, occurred_at, body)
				values (:id, :organisation, 'podium.badge.granted.v1', now(), '{}')
				""").param("id", event).param("organisation", this.tenant.organisationId()).update();
		return this.jdbc.sql("""
				insert into webhook_delivery (organisation_id, subscription_id, event_id, event_type, status, attempts,
				                              last_status_code, last_error, next_attempt_at)
				values (:organisation, :subscription, :event, 'podium.badge.granted.v1', :status, :attempts,
				        case :status when 'failed' then 503 when 'delivered' then 200 end,
				        case :status when 'failed' then 'HTTP 503' end,
				        case when :status = 'pending' then now() + interval '1 minute' end)
				returning id
				""")
			.param("organisation", this.tenant.organisationId())
			.param("subscription", subscription)
			.param("event", event)
			.param("status", status)
			.param("attempts", attempts)
			.query(Long.class)
			.single();
	}

	private String status(long delivery) {
		return this.jdbc.sql("select status from webhook_delivery where id = :id")
			.param("id", delivery)
			.query(String.class)
			.single();
	}

	private static List<String> texts(JsonNode array) {
		List<String> texts = new ArrayList<>();
		array.forEach((node) -> texts.add(node.asString()));
		return texts;
	}

	private static List<Long> ids(ApiClient.Response list) {
		List<Long> ids = new ArrayList<>();
		list.json().get("rows").forEach((row) -> ids.add(row.get("id").asLong()));
		return ids;
	}

}
