package dev.podium.platform.organisation;

import java.time.ZoneId;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Creates and finds organisations.
 */
public class Organisations {

	private final JdbcClient jdbc;

	public Organisations(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public long create(String name, String timeZone) {
		return this.jdbc.sql("insert into organisation (name, time_zone) values (:name, :zone) returning id")
			.param("name", name)
			.param("zone", timeZone)
			.query(Long.class)
			.single();
	}

	/** An organisation's time zone, in which its days, weeks and months are counted. */
	public ZoneId timeZone(long organisationId) {
		return ZoneId.of(this.jdbc.sql("select time_zone from organisation where id = :organisation")
			.param("organisation", organisationId)
			.query(String.class)
			.single());
	}

	public Optional<Long> findByName(String name) {
		return this.jdbc.sql("select id from organisation where name = :name order by id limit 1")
			.param("name", name)
			.query(Long.class)
			.optional();
	}

}
