package dev.podium.badgeruleworker.rules;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import dev.podium.badgeruleworker.BadgeRuleWorkerApplication;
import dev.podium.contracts.ActivityRecorded;
import dev.podium.contracts.BackfillRule;
import dev.podium.contracts.ChallengeClosed;
import dev.podium.contracts.PointsRecorded;
import dev.podium.contracts.Topics;
import dev.podium.platform.testing.RealInfrastructure;
import dev.podium.platform.testing.TestMessages;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The badge-rule-worker alone (with its outbox relay) on the real test database and
 * broker, one consumer per listener; a settable clock; and the writes an integrator, the
 * edge or the close-worker would make: ledger rows with their events, activities on the
 * topic, closed challenges with their results and event. Each test works in a fresh
 * organisation.
 */
@SpringBootTest(classes = { BadgeRuleWorkerApplication.class, RuleWorkerTestSupport.Clocks.class },
		properties = { "spring.config.name=badge-rule-worker", "podium.worker.concurrency=1",
				"podium.rules.activity-writer-wait=2s" })
@ContextConfiguration(initializers = RealInfrastructure.class)
abstract class RuleWorkerTestSupport {

	static final Duration DEADLINE = Duration.ofSeconds(30);

	static final String GROUP = "badge-rule-worker";

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static KafkaProducer<String, String> producer;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	SettableClock clock;

	long organisation;

	@BeforeEach
	void organisation() {
		this.clock.reset();
		this.organisation = organisation("UTC");
	}

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	long organisation(String timeZone) {
		return this.jdbc.sql("insert into organisation (name, time_zone) values (:name, :zone) returning id")
			.param("name", "rules-" + UUID.randomUUID())
			.param("zone", timeZone)
			.query(Long.class)
			.single();
	}

	long badge(long organisation, String name) {
		return this.jdbc.sql("insert into badge (organisation_id, name) values (:o, :name) returning id")
			.param("o", organisation)
			.param("name", name)
			.query(Long.class)
			.single();
	}

	long rule(long organisation, long badge, int type, long threshold, String kind) {
		return this.jdbc.sql("""
				insert into badge_rule (organisation_id, badge_id, rule_type, threshold, kind)
				values (:o, :b, :type, :threshold, :kind) returning id
				""")
			.param("o", organisation)
			.param("b", badge)
			.param("type", type)
			.param("threshold", threshold)
			.param("kind", kind)
			.query(Long.class)
			.single();
	}

	void deleteRule(long rule) {
		this.jdbc.sql("update badge_rule set deleted_at = now() where id = :id").param("id", rule).update();
	}

	/** A ledger row (an adjustment) without its event. */
	long ledgerRow(long organisation, int type, long id, long points) {
		return this.jdbc.sql("""
				insert into ledger (organisation_id, participant_type, participant_id, points, reason, notes)
				values (:o, :type, :id, :points, 3, 'test') returning id
				""")
			.param("o", organisation)
			.param("type", type)
			.param("id", id)
			.param("points", points)
			.query(Long.class)
			.single();
	}

	/** The {@code PointsRecorded} of a ledger row, as the relay would publish it. */
	ProducerRecord<String, String> pointsEvent(long organisation, long ledgerId, int type, long id, long points) {
		return record(Topics.PARTICIPANT_EVENTS, type + ":" + id, PointsRecorded.TYPE,
				new PointsRecorded(organisation, ledgerId, type, id, null, points, 3, null, "test", Instant.now()));
	}

	/** A ledger row and its event. */
	void points(long organisation, int type, long id, long points) {
		send(pointsEvent(organisation, ledgerRow(organisation, type, id, points), type, id, points));
	}

	ProducerRecord<String, String> activityEvent(long organisation, String id, Instant at,
			ActivityRecorded.Participants participants, String kind) {
		return record(Topics.ACTIVITIES, participants.key(), ActivityRecorded.TYPE,
				new ActivityRecorded(organisation, id, at, participants, kind, null, BigDecimal.ONE, Map.of()));
	}

	/** An activity of a user (and optionally its unit and site) on the topic. */
	void activity(long organisation, Instant at, long user, String kind) {
		send(activityEvent(organisation, UUID.randomUUID().toString(), at, user(user), kind));
	}

	/**
	 * An activity written to the table directly, as if consumed before any rule existed.
	 */
	void storedActivity(long organisation, Instant at, ActivityRecorded.Participants p, String kind) {
		this.jdbc.sql("""
				insert into activity (organisation_id, id, occurred_at, site_id, unit_id, user_id, group_id, kind)
				values (:o, :id, :at, :site, :unit, :user, :group, :kind)
				""")
			.param("o", organisation)
			.param("id", UUID.randomUUID().toString())
			.param("at", Timestamp.from(at))
			.param("site", p.site())
			.param("unit", p.unit())
			.param("user", p.user())
			.param("group", p.group())
			.param("kind", kind)
			.update();
	}

	static ActivityRecorded.Participants user(long user) {
		return new ActivityRecorded.Participants(null, null, user, null);
	}

	/**
	 * A closed challenge of users (participant type 2) with its results: each user id
	 * with whether it met the goal.
	 */
	long closedChallenge(long organisation, LocalDate end, Map<Long, Boolean> results) {
		long challenge = this.jdbc.sql("""
				insert into challenge (organisation_id, name, metric, scope, start_date, end_date, closed, closed_at)
				values (:o, :name, 0, 2, :start, :end, true, now()) returning id
				""")
			.param("o", organisation)
			.param("name", "ended " + end)
			.param("start", end.minusDays(30))
			.param("end", end)
			.query(Long.class)
			.single();
		results.forEach((user, met) -> this.jdbc.sql("""
				insert into challenge_result (challenge_id, participant_type, participant_id, metric_value, met, rank,
				                              computed_at)
				values (:c, 2, :user, 1, :met, 1, now())
				""").param("c", challenge).param("user", user).param("met", met).update());
		return challenge;
	}

	ProducerRecord<String, String> closedEvent(long organisation, long challenge) {
		return record(Topics.CHALLENGE_EVENTS, Long.toString(challenge), ChallengeClosed.TYPE,
				new ChallengeClosed(organisation, challenge, "ended", 0, 0, Instant.now()));
	}

	/** A queued back-fill job and its command. */
	long backfill(long organisation, long rule, boolean preview) {
		long job = this.jdbc.sql("insert into job (organisation_id, type) values (:o, 'rule-backfill') returning id")
			.param("o", organisation)
			.query(Long.class)
			.single();
		send(record(Topics.RULE_COMMANDS, Long.toString(rule), BackfillRule.TYPE,
				new BackfillRule(organisation, job, rule, preview)));
		return job;
	}

	/** Waits for a job's end and answers it as {@code {status, result, error}}. */
	JsonNode awaitJob(long job) {
		await().atMost(DEADLINE)
			.until(() -> this.jdbc.sql("select status from job where id = :id")
				.param("id", job)
				.query(String.class)
				.single(), (status) -> !"queued".equals(status) && !"running".equals(status));
		return JSON.readTree(this.jdbc
			.sql("""
					select json_build_object('status', status, 'result', result, 'error', error)::text from job where id = :id
					""")
			.param("id", job)
			.query(String.class)
			.single());
	}

	static ProducerRecord<String, String> record(String topic, String key, String type, Object body) {
		ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, JSON.writeValueAsString(body));
		record.headers().add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
		record.headers().add("ce_type", type.getBytes(StandardCharsets.UTF_8));
		record.headers().add("ce_source", "/podium/test".getBytes(StandardCharsets.UTF_8));
		return record;
	}

	static synchronized void send(ProducerRecord<String, String> record) {
		if (producer == null) {
			Properties props = new Properties();
			props.put("bootstrap.servers", RealInfrastructure.bootstrapServers());
			props.put("key.serializer", StringSerializer.class.getName());
			props.put("value.serializer", StringSerializer.class.getName());
			props.put("linger.ms", 0);
			producer = new KafkaProducer<>(props);
		}
		try {
			producer.send(record).get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Waits until the worker has consumed everything produced to a topic so far. */
	static void awaitConsumed(String topic) {
		TestMessages.awaitConsumed(GROUP, topic, DEADLINE);
	}

	/** The participants (as {@code "type:id"}) holding a rule grant of a badge. */
	Set<String> granted(long organisation, long badge) {
		return new TreeSet<>(this.jdbc.sql("""
				select participant_type || ':' || participant_id from badge_grant
				where organisation_id = :o and badge_id = :b and source = 'rule'
				""").param("o", organisation).param("b", badge).query(String.class).list());
	}

	/** Waits until the rule grants of a badge are exactly the expected participants. */
	void awaitGranted(long organisation, long badge, String... participants) {
		await().atMost(DEADLINE)
			.untilAsserted(() -> assertThat(granted(organisation, badge)).containsExactlyInAnyOrder(participants));
	}

	static Instant at(String instant) {
		return Instant.parse(instant);
	}

	static List<Long> ids(long... ids) {
		return Arrays.stream(ids).boxed().toList();
	}

	/** A clock the tests may stop at an instant; the system clock otherwise. */
	static final class SettableClock extends Clock {

		private volatile Instant fixed;

		void set(Instant instant) {
			this.fixed = instant;
		}

		void reset() {
			this.fixed = null;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			Instant instant = this.fixed;
			return (instant != null) ? instant : Instant.now();
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Clocks {

		@Bean
		SettableClock clock() {
			return new SettableClock();
		}

	}

}
