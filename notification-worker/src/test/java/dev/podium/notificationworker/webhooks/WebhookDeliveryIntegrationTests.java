package dev.podium.notificationworker.webhooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.podium.contracts.MessageTypes;
import dev.podium.contracts.Topics;
import dev.podium.notificationworker.NotificationWorkerApplication;
import dev.podium.platform.testing.RealInfrastructure;
import dev.podium.platform.testing.TestMessages;
import dev.podium.platform.testing.TestTenant;
import dev.podium.platform.testing.WebhookReceiver;
import dev.podium.platform.testing.WebhookReceiver.Received;
import dev.podium.platform.testing.WebhookReceiver.Reply;
import dev.podium.platform.testing.WebhookVerifier;
import dev.podium.platform.webhook.WebhookSecrets;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The notification-worker's webhooks against a real local HTTP server, the real broker
 * and PostgreSQL: events produced as the relay produces them, subscriptions written as
 * the edge writes them. Retry delays are shortened to 300 ms, 1.2 s, 2 s (four attempts)
 * and the request timeout to 1 s.
 */
@SpringBootTest(classes = NotificationWorkerApplication.class,
		properties = { "spring.config.name=notification-worker", "podium.relay.enabled=false",
				"podium.webhooks.allow-loopback=true", "podium.webhooks.delivery.retry-delays=300ms,1200ms,2s",
				"podium.webhooks.delivery.request-timeout=1s", "podium.webhooks.delivery.connect-timeout=1s",
				"podium.webhooks.delivery.lease=10s", "podium.webhooks.delivery.poll-interval=100ms",
				"podium.webhooks.delivery.per-subscription=2" })
@ContextConfiguration(initializers = RealInfrastructure.class)
class WebhookDeliveryIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.shared();

	private static WebhookReceiver receiver;

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	WebhookSecrets secrets;

	@Autowired
	MeterRegistry meters;

	@Autowired
	DeliveryQueue queue;

	TestTenant tenant;

	@BeforeAll
	static void startReceiver() {
		receiver = WebhookReceiver.start();
	}

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	@BeforeEach
	void tenant() {
		this.tenant = TestTenant.create(this.context);
	}

	@Test
	void aDeliveryCarriesTheStandardWebhooksHeadersAndTheCloudEvent() {
		String path = path();
		String secret = this.secrets.generate();
		long subscription = subscribe(path, secret, "*");
		Map<String, Object> data = Map.of("organisationId", this.tenant.organisationId(), "grantId", 41, "badgeId", 7,
				"participantType", 2, "participantId", 17);

		UUID id = produce(MessageTypes.BADGE_GRANTED, data);

		Received request = awaitRequests(path, 1).get(0);
		assertThat(request.header("webhook-id")).isEqualTo(id.toString());
		assertThat(Long.parseLong(request.header("webhook-timestamp"))).isBetween(Instant.now().getEpochSecond() - 30,
				Instant.now().getEpochSecond() + 1);
		assertThat(request.header("webhook-signature")).startsWith("v1,").doesNotContain(" ");
		assertThat(WebhookVerifier.verify(secret, request.header("webhook-id"), request.header("webhook-timestamp"),
				request.body(), request.header("webhook-signature"), Instant.now()))
			.isTrue();
		assertThat(WebhookVerifier.verify(this.secrets.generate(), request.header("webhook-id"),
				request.header("webhook-timestamp"), request.body(), request.header("webhook-signature"),
				Instant.now()))
			.as("another secret")
			.isFalse();
		assertThat(request.header("content-type")).isEqualTo("application/json");
		JsonNode event = JSON.readTree(request.body());
		assertThat(event.get("specversion").asString()).isEqualTo("1.0");
		assertThat(event.get("id").asString()).isEqualTo(id.toString());
		assertThat(event.get("type").asString()).isEqualTo(MessageTypes.BADGE_GRANTED);
		assertThat(event.get("source").asString()).isEqualTo("/podium/organisations/" + this.tenant.organisationId());
		assertThat(event.get("subject").asString()).isEqualTo("participants/2:17");
		assertThat(event.get("time").asString()).isNotBlank();
		assertThat(event.get("datacontenttype").asString()).isEqualTo("application/json");
		assertThat(event.get("data")).isEqualTo(JSON.readTree(JSON.writeValueAsString(data)));
		awaitStatus(subscription, id, "delivered", Duration.ofSeconds(10));
		Map<String, Object> delivery = delivery(subscription, id);
		assertThat(delivery).containsEntry("status", "delivered")
			.containsEntry("attempts", 1)
			.containsEntry("last_status_code", 204);
		assertThat(delivery.get("delivered_at")).isNotNull();
		assertThat(delivery.get("next_attempt_at")).isNull();
		await().during(Duration.ofMillis(800))
			.atMost(Duration.ofSeconds(3))
			.until(() -> receiver.requests(path).size() == 1);
		assertThat(outcome("delivered")).isPositive();
	}

	@Test
	void serverErrorsAreRetriedWithGrowingBackOffUntilSuccess() {
		String path = path();
		receiver.on(path, (n) -> Reply.status((n <= 2) ? 500 : 200));
		long subscription = subscribe(path, this.secrets.generate(), "*");

		UUID id = produce(MessageTypes.POINTS_RECORDED, points());

		List<Received> requests = awaitRequests(path, 3);
		Duration first = between(requests.get(0), requests.get(1));
		Duration second = between(requests.get(1), requests.get(2));
		assertThat(first).as("300 ms less 20 %").isGreaterThanOrEqualTo(Duration.ofMillis(240));
		assertThat(second).as("1.2 s less 20 %").isGreaterThanOrEqualTo(Duration.ofMillis(960)).isGreaterThan(first);
		assertThat(requests).extracting((r) -> r.header("webhook-id")).containsOnly(id.toString());
		awaitStatus(subscription, id, "delivered", Duration.ofSeconds(10));
		assertThat(delivery(subscription, id)).containsEntry("attempts", 3).containsEntry("last_status_code", 200);
	}

	@Test
	void aTimeoutIsRetried() {
		String path = path();
		receiver.on(path, (n) -> (n == 1) ? new Reply(200, Map.of(), Duration.ofSeconds(3)) : Reply.status(200));
		long subscription = subscribe(path, this.secrets.generate(), "*");

		UUID id = produce(MessageTypes.POINTS_RECORDED, points());

		List<Received> requests = awaitRequests(path, 2);
		assertThat(between(requests.get(0), requests.get(1))).as("1 s timeout, then 300 ms less 20 %")
			.isGreaterThanOrEqualTo(Duration.ofMillis(1240));
		awaitStatus(subscription, id, "delivered", Duration.ofSeconds(10));
		assertThat(delivery(subscription, id)).containsEntry("attempts", 2);
	}

	@Test
	void retriesEndAsFailedWhenTheDelaysAreUsedUp() {
		String path = path();
		receiver.on(path, (n) -> Reply.status(503));
		long subscription = subscribe(path, this.secrets.generate(), "*");
		double failedBefore = outcome("failed");

		UUID id = produce(MessageTypes.POINTS_RECORDED, points());

		awaitStatus(subscription, id, "failed", Duration.ofSeconds(20));
		Map<String, Object> delivery = delivery(subscription, id);
		assertThat(delivery).containsEntry("attempts", 4)
			.containsEntry("last_status_code", 503)
			.containsEntry("last_error", "HTTP 503");
		assertThat(delivery.get("next_attempt_at")).isNull();
		assertThat(receiver.requests(path)).hasSize(4);
		assertThat(outcome("failed")).isGreaterThan(failedBefore);
	}

	@Test
	void goneDisablesTheSubscription() {
		String path = path();
		receiver.on(path, (n) -> Reply.status(410));
		long subscription = subscribe(path, this.secrets.generate(), "*");
		double disabledBefore = outcome("disabled");

		UUID id = produce(MessageTypes.POINTS_RECORDED, points());

		awaitStatus(subscription, id, "failed", Duration.ofSeconds(10));
		assertThat(delivery(subscription, id)).containsEntry("attempts", 1).containsEntry("last_status_code", 410);
		Map<String, Object> stored = this.jdbc
			.sql("select active, disabled_reason from webhook_subscription where id = :id")
			.param("id", subscription)
			.query()
			.singleRow();
		assertThat(stored).containsEntry("active", false);
		assertThat((String) stored.get("disabled_reason")).contains("410");
		assertThat(outcome("disabled")).isGreaterThan(disabledBefore);

		UUID later = produce(MessageTypes.POINTS_RECORDED, points());
		TestMessages.awaitConsumed("notification-worker-webhooks", Topics.PARTICIPANT_EVENTS, Duration.ofSeconds(30));
		assertThat(deliveries(subscription, later)).isZero();
		assertThat(receiver.requests(path)).hasSize(1);
	}

	@Test
	void tooManyRequestsWaitsForRetryAfter() {
		String path = path();
		receiver.on(path,
				(n) -> (n == 1) ? new Reply(429, Map.of("Retry-After", "2"), Duration.ZERO) : Reply.status(200));
		long subscription = subscribe(path, this.secrets.generate(), "*");

		UUID id = produce(MessageTypes.POINTS_RECORDED, points());

		List<Received> requests = awaitRequests(path, 2);
		assertThat(between(requests.get(0), requests.get(1))).as("Retry-After: 2, not the 300 ms of the schedule")
			.isGreaterThanOrEqualTo(Duration.ofMillis(1900));
		awaitStatus(subscription, id, "delivered", Duration.ofSeconds(10));
	}

	@Test
	void aRedirectIsNotFollowedAndCountsAsAFailedAttempt() {
		String path = path();
		String target = path();
		receiver.on(path, (n) -> new Reply(302, Map.of("Location", receiver.url(target)), Duration.ZERO));
		long subscription = subscribe(path, this.secrets.generate(), "*");

		UUID id = produce(MessageTypes.POINTS_RECORDED, points());

		awaitRequests(path, 2);
		await().atMost(Duration.ofSeconds(10))
			.ignoreExceptions()
			.until(() -> ((int) delivery(subscription, id).get("attempts")) >= 2);
		assertThat(delivery(subscription, id)).containsEntry("last_status_code", 302)
			.containsEntry("last_error", "HTTP 302: redirects are not followed");
		assertThat(receiver.requests(target)).isEmpty();
	}

	@Test
	void duringARotationWindowBothSecretsSignAndAfterItOnlyTheNewOne() {
		String path = path();
		String old = this.secrets.generate();
		String current = this.secrets.generate();
		long subscription = subscribe(path, old, "*");
		this.jdbc.sql("""
				update webhook_subscription set previous_secret = secret, secret = :secret,
				       previous_secret_expires_at = now() + interval '1 hour', secret_rotated_at = now()
				where id = :id
				""")
			.param("secret", this.secrets.seal(this.tenant.organisationId(), current))
			.param("id", subscription)
			.update();

		produce(MessageTypes.POINTS_RECORDED, points());

		Received during = awaitRequests(path, 1).get(0);
		String[] signatures = during.header("webhook-signature").split(" ");
		assertThat(signatures).hasSize(2);
		assertThat(verify(current, during, signatures[0])).as("the new secret first").isTrue();
		assertThat(verify(old, during, signatures[1])).as("then the old one").isTrue();

		this.jdbc
			.sql("update webhook_subscription set previous_secret_expires_at = now() - interval '1 second' "
					+ "where id = :id")
			.param("id", subscription)
			.update();
		produce(MessageTypes.POINTS_RECORDED, points());

		Received after = awaitRequests(path, 2).get(1);
		assertThat(after.header("webhook-signature").split(" ")).hasSize(1);
		assertThat(verify(current, after, after.header("webhook-signature"))).isTrue();
		assertThat(verify(old, after, after.header("webhook-signature"))).isFalse();
	}

	@Test
	void aSlowSubscriberDoesNotDelayAFastOne() {
		String slow = path();
		String fast = path();
		receiver.on(slow, (n) -> new Reply(200, Map.of(), Duration.ofSeconds(5)));
		subscribe(slow, this.secrets.generate(), "*");
		subscribe(fast, this.secrets.generate(), "*");

		for (int i = 0; i < 20; i++) {
			produce(MessageTypes.POINTS_RECORDED, points());
		}

		// Two slow sends at a time (per-subscription limit), each held for the 1 s
		// timeout:
		// the slow subscriber's first 20 attempts take 10 s; the fast one's must not
		// wait.
		List<Received> fastRequests = awaitRequests(fast, 20);
		long fastDone = fastRequests.get(19).nanos();
		List<Received> slowRequests = receiver.requests(slow);
		long slowBeforeFastDone = slowRequests.stream().filter((r) -> r.nanos() <= fastDone).count();
		assertThat(slowBeforeFastDone).as("slow requests before the fast subscriber had all 20").isLessThan(10);
	}

	@Test
	void aRedeliveredEventCreatesNoSecondDelivery() {
		String path = path();
		long subscription = subscribe(path, this.secrets.generate(), "*");
		UUID id = UUID.randomUUID();
		Map<String, String> headers = headers(id, MessageTypes.POINTS_RECORDED, "participants/2:5");
		String body = JSON.writeValueAsString(points());

		TestMessages.produce(Topics.PARTICIPANT_EVENTS, "2:5", body, headers);
		awaitRequests(path, 1);
		TestMessages.produce(Topics.PARTICIPANT_EVENTS, "2:5", body, headers);
		TestMessages.awaitConsumed("notification-worker-webhooks", Topics.PARTICIPANT_EVENTS, Duration.ofSeconds(30));

		assertThat(deliveries(subscription, id)).isEqualTo(1);
		assertThat(this.jdbc.sql("select count(*) from webhook_event where id = :id")
			.param("id", id)
			.query(Long.class)
			.single()).isEqualTo(1);
		await().during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(2))
			.until(() -> receiver.requests(path).size() == 1);
	}

	@Test
	void onlyActiveMatchingSubscriptionsOfTheEventsOrganisationGetIt() {
		String grants = path();
		String everything = path();
		String inactive = path();
		String elsewhere = path();
		long grantsOnly = subscribe(grants, this.secrets.generate(), MessageTypes.BADGE_GRANTED);
		long all = subscribe(everything, this.secrets.generate(), "*");
		long off = subscribe(inactive, this.secrets.generate(), "*");
		this.jdbc.sql("update webhook_subscription set active = false where id = :id").param("id", off).update();
		TestTenant other = TestTenant.create(this.context);
		long foreign = insertSubscription(other.organisationId(), elsewhere, this.secrets.generate(), "*");

		UUID points = produce(MessageTypes.POINTS_RECORDED, points());
		UUID grant = produce(MessageTypes.BADGE_GRANTED,
				Map.of("organisationId", this.tenant.organisationId(), "participantType", 2, "participantId", 5));

		awaitRequests(everything, 2);
		awaitRequests(grants, 1);
		TestMessages.awaitConsumed("notification-worker-webhooks", Topics.PARTICIPANT_EVENTS, Duration.ofSeconds(30));
		assertThat(deliveries(grantsOnly, points)).isZero();
		assertThat(deliveries(grantsOnly, grant)).isEqualTo(1);
		assertThat(deliveries(all, points) + deliveries(all, grant)).isEqualTo(2);
		assertThat(deliveries(off, points) + deliveries(off, grant)).isZero();
		assertThat(deliveries(foreign, points) + deliveries(foreign, grant)).isZero();
		assertThat(receiver.requests(inactive)).isEmpty();
		assertThat(receiver.requests(elsewhere)).isEmpty();
	}

	@Test
	void anAddressThePolicyRefusesIsNotCalledEvenWhenStored() {
		long subscription = insertSubscription(this.tenant.organisationId(), "http://169.254.169.254/latest/meta-data/",
				this.secrets.generate(), "*");

		UUID id = produce(MessageTypes.POINTS_RECORDED, points());

		await().atMost(Duration.ofSeconds(10))
			.until(() -> deliveries(subscription, id) == 1 && ((int) delivery(subscription, id).get("attempts")) >= 1);
		Map<String, Object> delivery = delivery(subscription, id);
		assertThat((String) delivery.get("last_error")).startsWith("not sent:").contains("link-local");
		assertThat(delivery.get("last_status_code")).isNull();
	}

	@Test
	void instancesShareDeliveriesAndNoneIsSentTwice() throws Exception {
		String path = path();
		receiver.on(path, (n) -> new Reply(204, Map.of(), Duration.ofMillis(20)));
		long subscription = subscribe(path, this.secrets.generate(), "*");
		List<UUID> events = pendingDeliveries(subscription, 200, "now() - interval '1 second'", null);

		// Two more "instances" claim beside this app's dispatcher, really send what they
		// claimed (to another path of the receiver) and record it as delivered.
		String elsewhere = path();
		receiver.on(elsewhere, (n) -> new Reply(204, Map.of(), Duration.ofMillis(20)));
		Set<UUID> claimedElsewhere = ConcurrentHashMap.newKeySet();
		List<Thread> instances = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			instances.add(Thread.ofPlatform().start(() -> {
				List<DeliveryQueue.Claimed> claimed;
				do {
					claimed = this.queue.claim(new Long[0], new Integer[0], 4, 4, Duration.ofSeconds(30));
					claimed.stream().filter((c) -> c.subscriptionId() == subscription).forEach((c) -> {
						assertThat(claimedElsewhere.add(c.eventId())).isTrue();
						sendElsewhere(receiver.url(elsewhere), c.eventId());
					});
					this.queue.record(claimed.stream()
						.map((c) -> new DeliveryQueue.Outcome(c.id(), c.lease(), "delivered", 204, null, null))
						.toList());
				}
				while (!claimed.isEmpty() || pending(subscription) > 0);
			}));
		}
		for (Thread instance : instances) {
			instance.join(Duration.ofSeconds(60));
		}

		await().atMost(Duration.ofSeconds(30)).until(() -> pending(subscription) == 0);
		List<UUID> sentHere = receiver.requests(path)
			.stream()
			.map((r) -> UUID.fromString(r.header("webhook-id")))
			.toList();
		assertThat(sentHere).doesNotHaveDuplicates().doesNotContainAnyElementsOf(claimedElsewhere);
		assertThat(sentHere.size() + claimedElsewhere.size()).isEqualTo(events.size());
		assertThat(claimedElsewhere).as("the other instances got a share").isNotEmpty();
		assertThat(receiver.requests(elsewhere).stream().map((r) -> UUID.fromString(r.header("webhook-id"))))
			.as("what the other instances sent")
			.containsExactlyInAnyOrderElementsOf(claimedElsewhere);
		assertThat(sentHere).as("this app's dispatcher got a share").isNotEmpty();
	}

	@Test
	void aDeliveryLeasedByAnotherInstanceIsSentOnlyAfterItsLeaseRunsOut() {
		String path = path();
		long subscription = subscribe(path, this.secrets.generate(), "*");
		long leased = System.nanoTime();

		pendingDeliveries(subscription, 1, "now() - interval '1 minute'", "now() + interval '2 seconds'");

		Received request = awaitRequests(path, 1).get(0);
		assertThat(Duration.ofNanos(request.nanos() - leased)).as("sent after the other instance's lease")
			.isGreaterThanOrEqualTo(Duration.ofMillis(1500));
	}

	// --- helpers

	private static int paths;

	private static synchronized String path() {
		return "/hooks/" + (++paths) + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/**
	 * Delivery rows written directly, as a fan-out (and, with {@code leaseUntil}, a claim
	 * by another instance) would have written them.
	 */
	private List<UUID> pendingDeliveries(long subscription, int count, String due, String leaseUntil) {
		return this.jdbc.sql("""
				with e as (
				    insert into webhook_event (id, organisation_id, type, occurred_at, body)
				    select gen_random_uuid(), :organisation, 'podium.points.recorded.v1', now(), '{}'
				    from generate_series(1, :count)
				    returning id)
				insert into webhook_delivery (organisation_id, subscription_id, event_id, event_type, next_attempt_at,
				                              lease, lease_until)
				select :organisation, :subscription, e.id, 'podium.points.recorded.v1', %s,
				       case when %s is not null then gen_random_uuid() end, %s
				from e
				returning event_id
				""".formatted(due, (leaseUntil != null) ? leaseUntil : "null::timestamptz",
				(leaseUntil != null) ? leaseUntil : "null::timestamptz"))
			.param("organisation", this.tenant.organisationId())
			.param("subscription", subscription)
			.param("count", count)
			.query(UUID.class)
			.list();
	}

	/**
	 * What another instance does with a delivery it claimed: one request to the receiver.
	 */
	private static void sendElsewhere(String url, UUID eventId) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url))
			.header("webhook-id", eventId.toString())
			.POST(HttpRequest.BodyPublishers.ofString("{}"))
			.build();
		try (HttpClient http = HttpClient.newHttpClient()) {
			assertThat(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(204);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private long pending(long subscription) {
		return this.jdbc
			.sql("select count(*) from webhook_delivery where subscription_id = :subscription and status = 'pending'")
			.param("subscription", subscription)
			.query(Long.class)
			.single();
	}

	@Test
	void onlyTheRecordsOfOrganisationsWithASubscriptionAreDecodedAndStored() {
		String path = path();
		long subscription = subscribe(path, this.secrets.generate(), "*");
		TestTenant unsubscribed = TestTenant.create(this.context);
		String skipped = "skipped-" + UUID.randomUUID();
		String refused = "refused-" + UUID.randomUUID();
		Map<String, String> theirs = headers(UUID.randomUUID(), MessageTypes.POINTS_RECORDED, "participants/2:5");
		theirs.put("ce_source", "/podium/organisations/" + unsubscribed.organisationId());
		UUID theirGood = UUID.randomUUID();
		Map<String, String> theirGoodHeaders = new HashMap<>(theirs);
		theirGoodHeaders.put("ce_id", theirGood.toString());

		// An organisation without webhooks: its records are not decoded (not even an
		// undecodable one is dead-lettered by this group) and nothing of them is stored.
		TestMessages.produce(Topics.PARTICIPANT_EVENTS, skipped, "not json at all", theirs);
		TestMessages.produce(Topics.PARTICIPANT_EVENTS, "2:5", JSON.writeValueAsString(points()), theirGoodHeaders);
		// The subscribed organisation's undecodable record is dead-lettered; its event is
		// delivered.
		TestMessages.produce(Topics.PARTICIPANT_EVENTS, refused, "not json at all",
				headers(UUID.randomUUID(), MessageTypes.POINTS_RECORDED, "participants/2:5"));
		UUID ours = produce(MessageTypes.POINTS_RECORDED, points());

		awaitStatus(subscription, ours, "delivered", Duration.ofSeconds(30));
		TestMessages.awaitConsumed("notification-worker-webhooks", Topics.PARTICIPANT_EVENTS, Duration.ofSeconds(30));
		// Every dead letter of this group is written before it commits: read them all
		// (the second is looked for until the deadline, and must not come).
		List<String> deadLettered = TestMessages
			.read(Topics.deadLetter(Topics.PARTICIPANT_EVENTS),
					(r) -> (skipped.equals(r.key()) || refused.equals(r.key())) && "notification-worker-webhooks"
						.equals(TestMessages.header(r, "kafka_dlt-original-consumer-group")),
					2, Duration.ofSeconds(5))
			.stream()
			.map((r) -> r.key())
			.toList();
		assertThat(deadLettered).containsExactly(refused);
		assertThat(this.jdbc.sql("select count(*) from webhook_event where organisation_id = :o")
			.param("o", unsubscribed.organisationId())
			.query(Long.class)
			.single()).isZero();
	}

	private long subscribe(String path, String secret, String events) {
		return insertSubscription(this.tenant.organisationId(), receiver.url(path), secret, events);
	}

	private long insertSubscription(long organisation, String url, String secret, String events) {
		return this.jdbc.sql("""
				insert into webhook_subscription (organisation_id, url, events, secret)
				values (:organisation, :url, string_to_array(:events, ','), :secret)
				returning id
				""")
			.param("organisation", organisation)
			.param("url", url)
			.param("events", events)
			.param("secret", this.secrets.seal(organisation, secret))
			.query(Long.class)
			.single();
	}

	private Map<String, Object> points() {
		return Map.of("organisationId", this.tenant.organisationId(), "ledgerId", 1, "participantType", 2,
				"participantId", 5, "points", 10, "reason", 0);
	}

	private UUID produce(String type, Map<String, Object> data) {
		UUID id = UUID.randomUUID();
		TestMessages.produce(Topics.PARTICIPANT_EVENTS, data.get("participantType") + ":" + data.get("participantId"),
				JSON.writeValueAsString(data),
				headers(id, type, "participants/" + data.get("participantType") + ":" + data.get("participantId")));
		return id;
	}

	private Map<String, String> headers(UUID id, String type, String subject) {
		Map<String, String> headers = new HashMap<>();
		headers.put("ce_specversion", "1.0");
		headers.put("ce_id", id.toString());
		headers.put("ce_type", type);
		headers.put("ce_source", "/podium/organisations/" + this.tenant.organisationId());
		headers.put("ce_subject", subject);
		headers.put("ce_time", OffsetDateTime.now(ZoneOffset.UTC).toString());
		headers.put("content-type", "application/json");
		return headers;
	}

	private static List<Received> awaitRequests(String path, int count) {
		await().atMost(Duration.ofSeconds(30)).until(() -> receiver.requests(path).size() >= count);
		return receiver.requests(path);
	}

	private void awaitStatus(long subscription, UUID id, String status, Duration deadline) {
		await().atMost(deadline)
			.ignoreExceptions()
			.until(() -> status.equals(delivery(subscription, id).get("status")));
	}

	private static Duration between(Received a, Received b) {
		return Duration.ofNanos(b.nanos() - a.nanos());
	}

	private Map<String, Object> delivery(long subscription, UUID event) {
		return this.jdbc.sql("""
				select status, attempts, last_status_code, last_error, next_attempt_at, delivered_at
				from webhook_delivery where subscription_id = :subscription and event_id = :event
				""").param("subscription", subscription).param("event", event).query().singleRow();
	}

	private long deliveries(long subscription, UUID event) {
		return this.jdbc
			.sql("select count(*) from webhook_delivery where subscription_id = :subscription and event_id = :event")
			.param("subscription", subscription)
			.param("event", event)
			.query(Long.class)
			.single();
	}

	private double outcome(String outcome) {
		return this.meters.get("podium.webhook.deliveries").tag("outcome", outcome).counter().count();
	}

	private static boolean verify(String secret, Received request, String signature) {
		return WebhookVerifier.verify(secret, request.header("webhook-id"), request.header("webhook-timestamp"),
				request.body(), signature, Instant.now());
	}

}
