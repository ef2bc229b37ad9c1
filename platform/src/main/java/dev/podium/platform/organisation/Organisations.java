package dev.podium.platform.organisation;

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

	public Optional<Long> findByName(String name) {
		return this.jdbc.sql("select id from organisation where name = :name order by id limit 1")
			.param("name", name)
			.query(Long.class)
			.optional();
	}

}
