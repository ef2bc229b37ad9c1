package dev.podium.edge.webhook;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The webhook_subscription table as the edge reads and writes it. Every statement filters
 * on the organisation. The sealed secrets are written here and never read back.
 */
@Component
class Subscriptions {

	private static final String COLUMNS = """
			s.id, s.url, s.events, s.active, s.description, s.disabled_reason, s.created_at, s.updated_at,
			s.secret_rotated_at, s.previous_secret_expires_at""";

	private final JdbcClient jdbc;

	Subscriptions(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A page of an organisation's subscriptions, newest first. */
	List<Map<String, Object>> list(long organisationId, int page, int perPage) {
		return this.jdbc.sql("select " + COLUMNS + """
				 from webhook_subscription s where s.organisation_id = :organisation
				order by s.id desc limit :limit offset :offset""")
			.param("organisation", organisationId)
			.param("limit", perPage)
			.param("offset", (long) (page - 1) * perPage)
			.query(Subscriptions::view)
			.list();
	}

	long count(long organisationId) {
		return this.jdbc.sql("select count(*) from webhook_subscription where organisation_id = :organisation")
			.param("organisation", organisationId)
			.query(Long.class)
			.single();
	}

	Optional<Map<String, Object>> find(long organisationId, long id) {
		return this.jdbc
			.sql("select " + COLUMNS
					+ " from webhook_subscription s where s.organisation_id = :organisation and s.id = :id")
			.param("organisation", organisationId)
			.param("id", id)
			.query(Subscriptions::view)
			.optional();
	}

	Optional<SubscriptionFields> stored(long organisationId, long id) {
		return this.jdbc.sql("""
				select url, events, active, description from webhook_subscription
				where organisation_id = :organisation and id = :id
				""")
			.param("organisation", organisationId)
			.param("id", id)
			.query((rs, row) -> new SubscriptionFields(rs.getString(1), texts(rs.getArray(2)), rs.getBoolean(3),
					rs.getString(4), false))
			.optional();
	}

	long create(long organisationId, SubscriptionFields f, byte[] sealedSecret) {
		return this.jdbc.sql("""
				insert into webhook_subscription (organisation_id, url, events, active, description, secret)
				values (:organisation, :url, cast(:events as text[]), :active, :description, :secret)
				returning id
				""")
			.param("organisation", organisationId)
			.param("url", f.url())
			.param("events", f.events().toArray(String[]::new))
			.param("active", f.active())
			.param("description", f.description())
			.param("secret", sealedSecret)
			.query(Long.class)
			.single();
	}

	/**
	 * Rewrites a subscription's settings. Deactivating it fails its pending deliveries (a
	 * replay sends one again once it is active); activating it clears the reason it was
	 * disabled for.
	 * @return whether the organisation has the subscription
	 */
	@Transactional
	boolean change(long organisationId, long id, SubscriptionFields f) {
		boolean changed = this.jdbc.sql("""
				update webhook_subscription
				set url = :url, events = cast(:events as text[]), active = :active, description = :description,
				    disabled_reason = case when :active then null else disabled_reason end, updated_at = now()
				where organisation_id = :organisation and id = :id
				""")
			.param("organisation", organisationId)
			.param("id", id)
			.param("url", f.url())
			.param("events", f.events().toArray(String[]::new))
			.param("active", f.active())
			.param("description", f.description())
			.update() == 1;
		if (changed && !f.active()) {
			failPending(id, "the subscription was deactivated");
		}
		return changed;
	}

	private void failPending(long subscriptionId, String reason) {
		this.jdbc.sql("""
				update webhook_delivery set status = 'failed', next_attempt_at = null, lease = null, lease_until = null,
				       last_error = :reason
				where subscription_id = :subscription and status = 'pending'
				""").param("subscription", subscriptionId).param("reason", reason).update();
	}

	/** Deletes a subscription with its deliveries. */
	boolean delete(long organisationId, long id) {
		return this.jdbc.sql("delete from webhook_subscription where organisation_id = :organisation and id = :id")
			.param("organisation", organisationId)
			.param("id", id)
			.update() == 1;
	}

	/**
	 * Makes a new secret the signing one; the current one keeps signing for
	 * {@code window} (a secret still in an earlier window is dropped).
	 * @return when the previous secret stops signing, empty when the organisation has no
	 * such subscription
	 */
	Optional<Instant> rotate(long organisationId, long id, byte[] sealedSecret, Duration window) {
		return this.jdbc.sql("""
				update webhook_subscription
				set previous_secret = secret, previous_secret_expires_at = now() + make_interval(secs => :window),
				    secret = :secret, secret_rotated_at = now(), updated_at = now()
				where organisation_id = :organisation and id = :id
				returning previous_secret_expires_at
				""")
			.param("organisation", organisationId)
			.param("id", id)
			.param("secret", sealedSecret)
			.param("window", window.toMillis() / 1000.0)
			.query((rs, row) -> rs.getTimestamp(1).toInstant())
			.optional();
	}

	private static Map<String, Object> view(ResultSet rs, int row) throws SQLException {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", rs.getLong("id"));
		view.put("url", rs.getString("url"));
		view.put("events", texts(rs.getArray("events")));
		view.put("active", rs.getBoolean("active") ? 1 : 0);
		view.put("description", rs.getString("description"));
		view.put("disabledreason", rs.getString("disabled_reason"));
		view.put("createdat", instant(rs.getTimestamp("created_at")));
		view.put("updatedat", instant(rs.getTimestamp("updated_at")));
		view.put("secretrotatedat", instant(rs.getTimestamp("secret_rotated_at")));
		view.put("previoussecretexpiresat", instant(rs.getTimestamp("previous_secret_expires_at")));
		return view;
	}

	private static List<String> texts(Array array) throws SQLException {
		return Arrays.asList((String[]) array.getArray());
	}

	private static String instant(Timestamp ts) {
		return (ts != null) ? ts.toInstant().toString() : null;
	}

}
