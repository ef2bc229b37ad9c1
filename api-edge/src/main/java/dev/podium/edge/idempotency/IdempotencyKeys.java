package dev.podium.edge.idempotency;

import java.time.Duration;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The idempotency_key table. The primary key (organisation, key) makes the first request
 * the only one that runs; later ones read its stored answer.
 */
class IdempotencyKeys {

	private final JdbcClient jdbc;

	IdempotencyKeys(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Claims a key for a request.
	 * @return true if this request holds the key and should run
	 */
	boolean claim(long organisationId, String key, byte[] requestHash, Duration abandonAfter) {
		// A claim whose request died without answering is released after a while.
		this.jdbc.sql("""
				delete from idempotency_key
				where organisation_id = :organisation and key = :key and status is null
				  and created_at < now() - make_interval(secs => :seconds)
				""")
			.param("organisation", organisationId)
			.param("key", key)
			.param("seconds", abandonAfter.toSeconds())
			.update();
		return this.jdbc.sql("""
				insert into idempotency_key (organisation_id, key, request_hash) values (:organisation, :key, :hash)
				on conflict do nothing
				""").param("organisation", organisationId).param("key", key).param("hash", requestHash).update() == 1;
	}

	Optional<Stored> find(long organisationId, String key) {
		return this.jdbc.sql("""
				select request_hash, status, content_type, body, location from idempotency_key
				where organisation_id = :organisation and key = :key
				""")
			.param("organisation", organisationId)
			.param("key", key)
			.query((rs, n) -> new Stored(rs.getBytes("request_hash"), (Integer) rs.getObject("status"),
					rs.getString("content_type"), rs.getBytes("body"), rs.getString("location")))
			.optional();
	}

	void complete(long organisationId, String key, int status, String contentType, byte[] body, String location) {
		this.jdbc.sql("""
				update idempotency_key set status = :status, content_type = :type, body = :body, location = :location
				where organisation_id = :organisation and key = :key
				""")
			.param("organisation", organisationId)
			.param("key", key)
			.param("status", status)
			.param("type", contentType)
			.param("body", body)
			.param("location", location)
			.update();
	}

	void release(long organisationId, String key) {
		this.jdbc.sql("delete from idempotency_key where organisation_id = :organisation and key = :key")
			.param("organisation", organisationId)
			.param("key", key)
			.update();
	}

	record Stored(byte[] requestHash, Integer status, String contentType, byte[] body, String location) {

		boolean inFlight() {
			return this.status == null;
		}

	}

}
