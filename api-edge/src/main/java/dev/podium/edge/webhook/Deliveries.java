package dev.podium.edge.webhook;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.podium.edge.web.Rows;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The webhook_delivery log as the edge reads it, and replays. Every statement filters on
 * the organisation.
 */
@Component
class Deliveries {

	private static final String COLUMNS = """
			d.id, d.subscription_id as subscriptionid, d.event_id::text as eventid, d.event_type as eventtype,
			e.occurred_at as eventtime, d.status, d.attempts, d.last_status_code as lastresponsecode,
			d.last_error as lasterror, d.next_attempt_at as nextattemptat, d.created_at as createdat,
			d.last_attempt_at as lastattemptat, d.delivered_at as deliveredat""";

	private final JdbcClient jdbc;

	Deliveries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A filter of the log.
	 *
	 * @param subscriptionId one subscription, or null
	 * @param status pending, delivered or failed, or null
	 */
	record Filter(Long subscriptionId, String status) {

	}

	/** A page of deliveries, newest first. */
	List<Map<String, Object>> list(long organisationId, Filter filter, int page, int perPage) {
		return this.jdbc
			.sql("select " + COLUMNS + " from webhook_delivery d join webhook_event e on e.id = d.event_id" + " where "
					+ where(filter) + " order by d.id desc limit :limit offset :offset")
			.params(params(organisationId, filter))
			.param("limit", perPage)
			.param("offset", (long) (page - 1) * perPage)
			.query(Rows::map)
			.list();
	}

	long count(long organisationId, Filter filter) {
		return this.jdbc.sql("select count(*) from webhook_delivery d where " + where(filter))
			.params(params(organisationId, filter))
			.query(Long.class)
			.single();
	}

	private static String where(Filter filter) {
		return "d.organisation_id = :organisation"
				+ ((filter.subscriptionId() != null) ? " and d.subscription_id = :subscription" : "")
				+ ((filter.status() != null) ? " and d.status = :status" : "");
	}

	private static Map<String, Object> params(long organisationId, Filter filter) {
		Map<String, Object> params = new HashMap<>();
		params.put("organisation", organisationId);
		if (filter.subscriptionId() != null) {
			params.put("subscription", filter.subscriptionId());
		}
		if (filter.status() != null) {
			params.put("status", filter.status());
		}
		return params;
	}

	Optional<Map<String, Object>> find(long organisationId, long id) {
		return this.jdbc
			.sql("select " + COLUMNS + ", s.active as subscriptionactive"
					+ " from webhook_delivery d join webhook_event e on e.id = d.event_id"
					+ " join webhook_subscription s on s.id = d.subscription_id"
					+ " where d.organisation_id = :organisation and d.id = :id")
			.param("organisation", organisationId)
			.param("id", id)
			.query(Rows::map)
			.optional();
	}

	/**
	 * Makes a delivery of an active subscription due now with a fresh retry schedule; a
	 * send in flight loses its lease and its outcome is not recorded.
	 * @return whether it was replayed (false: the subscription is inactive)
	 */
	boolean replay(long organisationId, long id) {
		return this.jdbc.sql("""
				update webhook_delivery d
				set status = 'pending', next_attempt_at = now(), attempts = 0, lease = null, lease_until = null,
				    delivered_at = null
				from webhook_subscription s
				where d.organisation_id = :organisation and d.id = :id and s.id = d.subscription_id and s.active
				""").param("organisation", organisationId).param("id", id).update() == 1;
	}

}
