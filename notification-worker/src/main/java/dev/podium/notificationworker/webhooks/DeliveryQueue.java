package dev.podium.notificationworker.webhooks;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The webhook_event and webhook_delivery tables as the worker writes them: fan-out,
 * claims and outcomes, each one set-based statement.
 */
@Component
class DeliveryQueue {

	private final JdbcClient jdbc;

	DeliveryQueue(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Those of the organisations that have an active subscription. */
	Set<Long> subscribed(List<Long> organisations) {
		if (organisations.isEmpty()) {
			return Set.of();
		}
		return new HashSet<>(this.jdbc.sql("""
				select distinct organisation_id from webhook_subscription
				where active and organisation_id = any(cast(:organisations as bigint[]))
				""").param("organisations", organisations.toArray(Long[]::new)).query(Long.class).list());
	}

	/**
	 * Writes one delivery per event and active subscription of its organisation whose
	 * filter matches, due now, and the event's body once. Redelivered events write
	 * nothing: the unique (subscription, event) key.
	 * @return how many deliveries were written
	 */
	int fanOut(List<WebhookEvent> events) {
		if (events.isEmpty()) {
			return 0;
		}
		return this.jdbc.sql("""
				with e as (
				    select * from unnest(cast(:ids as uuid[]), cast(:organisations as bigint[]), cast(:types as text[]),
				                         cast(:times as timestamptz[]), cast(:bodies as text[]))
				                  as e(id, organisation_id, type, occurred_at, body)),
				matched as materialized (
				    select s.organisation_id, s.id as subscription_id, e.id as event_id, e.type
				    from e join webhook_subscription s on s.organisation_id = e.organisation_id and s.active
				         and (e.type = any(s.events) or '*' = any(s.events))),
				stored as (
				    insert into webhook_event (id, organisation_id, type, occurred_at, body)
				    select e.id, e.organisation_id, e.type, e.occurred_at, e.body from e
				    where e.id in (select event_id from matched)
				    on conflict (id) do nothing)
				insert into webhook_delivery (organisation_id, subscription_id, event_id, event_type, next_attempt_at)
				select m.organisation_id, m.subscription_id, m.event_id, m.type, now() from matched m
				on conflict (subscription_id, event_id) do nothing
				""")
			.param("ids", events.stream().map(WebhookEvent::id).toArray(UUID[]::new))
			.param("organisations", events.stream().map(WebhookEvent::organisationId).toArray(Long[]::new))
			.param("types", events.stream().map(WebhookEvent::type).toArray(String[]::new))
			.param("times", events.stream().map((e) -> e.time().toString()).toArray(String[]::new))
			.param("bodies", events.stream().map(WebhookEvent::body).toArray(String[]::new))
			.update();
	}

	/**
	 * A claimed delivery with what sending it needs.
	 *
	 * @param id the delivery
	 * @param subscriptionId its subscription
	 * @param organisationId its organisation
	 * @param eventId the event, the {@code webhook-id}
	 * @param attempts the attempts made before this one
	 * @param url where to send it
	 * @param secret the sealed signing secret
	 * @param previousSecret the sealed previous secret while it still signs, else null
	 * @param body the body to send
	 * @param lease the claim's token
	 */
	record Claimed(long id, long subscriptionId, long organisationId, UUID eventId, int attempts, String url,
			byte[] secret, byte[] previousSecret, String body, UUID lease) {

		@Override
		public String toString() {
			return "Claimed[delivery " + this.id + ", subscription " + this.subscriptionId + ", event " + this.eventId
					+ "]";
		}

	}

	/**
	 * Claims due deliveries of active subscriptions, at most {@code room} of each and
	 * {@code capacity} in all, the subscriptions in random order so that none waits
	 * behind another's backlog. Rows another instance is claiming are skipped, and so are
	 * rows under another claim's lease. A claim stamps a token and the lease's end; it
	 * changes no indexed column.
	 * @param subscriptions subscriptions with less room than {@code perSubscription}
	 * @param rooms their room (0: none)
	 */
	List<Claimed> claim(Long[] subscriptions, Integer[] rooms, int perSubscription, int capacity, Duration lease) {
		UUID token = UUID.randomUUID();
		return this.jdbc.sql("""
				with room as (
				    select * from unnest(cast(:subscriptions as bigint[]), cast(:rooms as int[])) as r(id, room)),
				candidates as (
				    select s.id, coalesce(r.room, :perSubscription) as room
				    from webhook_subscription s left join room r on r.id = s.id
				    where s.active and coalesce(r.room, :perSubscription) > 0
				    order by random()),
				claimed as (
				    select d.id from candidates s
				    cross join lateral (
				        select d.id from webhook_delivery d
				        where d.subscription_id = s.id and d.status = 'pending' and d.next_attempt_at <= now()
				          and (d.lease_until is null or d.lease_until < now())
				        order by d.next_attempt_at
				        limit s.room
				        for update skip locked) d
				    limit :capacity)
				update webhook_delivery d
				set lease = :token, lease_until = now() + make_interval(secs => :lease)
				from claimed c, webhook_subscription s, webhook_event e
				where d.id = c.id and s.id = d.subscription_id and e.id = d.event_id
				returning d.id, d.subscription_id, d.organisation_id, d.event_id, d.attempts, s.url, s.secret,
				          case when s.previous_secret_expires_at > now() then s.previous_secret end as previous_secret,
				          e.body
				""")
			.param("subscriptions", subscriptions)
			.param("rooms", rooms)
			.param("perSubscription", perSubscription)
			.param("capacity", capacity)
			.param("lease", lease.toMillis() / 1000.0)
			.param("token", token)
			.query((rs, row) -> new Claimed(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getObject(4, UUID.class),
					rs.getInt(5), rs.getString(6), rs.getBytes(7), rs.getBytes(8), rs.getString(9), token))
			.list();
	}

	/**
	 * The outcome of one attempt.
	 *
	 * @param id the delivery
	 * @param lease the claim's token; an outcome whose lease was lost (replayed, claimed
	 * again) is not written
	 * @param status pending, delivered or failed
	 * @param statusCode the response's status, or null
	 * @param error what went wrong, or null
	 * @param delay the wait before the next attempt, for pending
	 */
	record Outcome(long id, UUID lease, String status, Integer statusCode, String error, Duration delay) {

	}

	/**
	 * Writes outcomes in one statement. A delivery that would be pending again while its
	 * subscription is inactive fails instead.
	 */
	void record(List<Outcome> outcomes) {
		this.jdbc.sql("""
				update webhook_delivery d
				set status = case when r.status = 'pending' and not s.active then 'failed' else r.status end,
				    attempts = d.attempts + 1, last_status_code = r.code, last_error = r.error,
				    next_attempt_at = case when r.status = 'pending' and s.active
				                           then now() + make_interval(secs => r.delay) end,
				    last_attempt_at = now(), delivered_at = case when r.status = 'delivered' then now() end,
				    lease = null, lease_until = null
				from unnest(cast(:ids as bigint[]), cast(:leases as uuid[]), cast(:statuses as text[]),
				            cast(:codes as int[]), cast(:errors as text[]), cast(:delays as float8[]))
				       as r(id, lease, status, code, error, delay),
				     webhook_subscription s
				where d.id = r.id and d.lease = r.lease and s.id = d.subscription_id
				""")
			.param("ids", outcomes.stream().map(Outcome::id).toArray(Long[]::new))
			.param("leases", outcomes.stream().map(Outcome::lease).toArray(UUID[]::new))
			.param("statuses", outcomes.stream().map(Outcome::status).toArray(String[]::new))
			.param("codes", outcomes.stream().map(Outcome::statusCode).toArray(Integer[]::new))
			.param("errors", outcomes.stream().map(Outcome::error).toArray(String[]::new))
			.param("delays",
					outcomes.stream()
						.map((o) -> (o.delay() != null) ? o.delay().toMillis() / 1000.0 : null)
						.toArray(Double[]::new))
			.update();
	}

	/**
	 * Disables a subscription whose subscriber answered 410, and fails its pending
	 * deliveries that no send holds (the held ones fail when their outcome is written).
	 */
	void disable(long subscriptionId, String reason) {
		this.jdbc.sql("""
				with disabled as (
				    update webhook_subscription set active = false, disabled_reason = :reason, updated_at = now()
				    where id = :subscription
				    returning id)
				update webhook_delivery d
				set status = 'failed', next_attempt_at = null, lease = null, lease_until = null,
				    last_error = 'the subscription was disabled: ' || :reason
				from disabled
				where d.subscription_id = disabled.id and d.status = 'pending'
				  and (d.lease_until is null or d.lease_until < now())
				""").param("subscription", subscriptionId).param("reason", reason).update();
	}

}
