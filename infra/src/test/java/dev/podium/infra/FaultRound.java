package dev.podium.infra;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.podium.platform.organisation.Organisations;
import dev.podium.platform.security.ApiTokens;
import dev.podium.platform.security.Role;
import dev.podium.platform.testing.ApiClient;
import dev.podium.platform.testing.WebhookReceiver;
import dev.podium.platform.testing.WebhookVerifier;

import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * One round's workload, sent over HTTP as an integrator would (retrying with an
 * {@code Idempotency-Key} through outages), and the oracle: what Podium must have done,
 * computed from what was sent and answered, never from Podium's tables. An organisation
 * of its own, a reward badge, two auto-rules (type 0: won a challenge; type 3: sessions),
 * a webhook subscription, a burst of closes queued at once, then waves of new challenges
 * closed, activities and redeems.
 */
final class FaultRound {

	static final int PARTICIPANTS = 40;

	static final int SESSIONS_FOR_BADGE = 4;

	private static final int THRESHOLD = 10;

	private static final Duration RETRY_FOR = Duration.ofMinutes(5);

	final int number;

	final long organisation;

	final String hookPath;

	private final String admin;

	private volatile ApiClient api;

	private volatile String edgeUrl;

	/**
	 * Held (shared) by every request while it is sent; taken exclusively to move the
	 * requests to another edge once none is in flight.
	 */
	private final java.util.concurrent.locks.ReentrantReadWriteLock sending = new java.util.concurrent.locks.ReentrantReadWriteLock();

	private final JdbcClient jdbc;

	private final Random random;

	private final ExecutorService pool = Executors.newFixedThreadPool(4);

	final AtomicLong retries = new AtomicLong();

	private final AtomicInteger sequence = new AtomicInteger();

	private String secret;

	private long rewardBadge;

	private long winRule;

	private long sessionRule;

	/** Oracle: the round's challenges by id. */
	private final Map<Long, Sent> challenges = new ConcurrentHashMap<>();

	/** Oracle: session activity ids per participant. */
	private final Map<Long, Set<String>> sessions = new ConcurrentHashMap<>();

	/** Oracle: redeems answered 201, per participant. */
	private final Map<Long, List<Long>> redeemed = new ConcurrentHashMap<>();

	final AtomicInteger refused = new AtomicInteger();

	final AtomicInteger activities = new AtomicInteger();

	final AtomicInteger secondCloses = new AtomicInteger();

	final List<Long> jobIds = new CopyOnWriteArrayList<>();

	FaultRound(int number, ProcessStack stack, String edgeUrl, Random random) {
		this.number = number;
		this.random = random;
		this.jdbc = JdbcClient.create(stack.dataSource());
		this.api = new ApiClient(edgeUrl);
		this.edgeUrl = edgeUrl;
		this.organisation = new Organisations(this.jdbc).create("faults-" + number + "-" + random.nextInt(1_000_000),
				"UTC");
		this.admin = new ApiTokens(this.jdbc).issue(this.organisation, Role.ADMIN, null, null, "fault-suite");
		this.hookPath = "/faults/round-" + number + "/" + this.organisation;
	}

	/** Badges, rules and the webhook subscription; then {@code burst} challenges. */
	void setUp(WebhookReceiver receiver, int burst) {
		ApiClient.Response hook = call("POST", "/webhooks",
				Map.of("url", receiver.url(this.hookPath), "events", List.of("podium.badge.granted.v1")),
				key("webhook"));
		expect(hook, 201);
		this.secret = hook.json().get("secret").asString();
		this.rewardBadge = badge("Winner " + this.number);
		long winBadge = badge("First win " + this.number);
		long sessionBadge = badge("Regular " + this.number);
		this.winRule = rule(Map.of("badgeid", winBadge, "ruletype", 0, "threshold", 1));
		this.sessionRule = rule(
				Map.of("badgeid", sessionBadge, "ruletype", 3, "threshold", SESSIONS_FOR_BADGE, "kind", "session"));
		List<Future<?>> created = new ArrayList<>();
		for (int i = 0; i < burst; i++) {
			long seed = this.random.nextLong();
			created.add(this.pool.submit(() -> challenge(new Random(seed))));
		}
		created.forEach(FaultStack::join);
	}

	/** Queues the close of every challenge not closed yet, all at once. */
	void closeAll() {
		List<Future<?>> sent = new ArrayList<>();
		for (Sent challenge : this.challenges.values()) {
			boolean twice = this.random.nextInt(4) == 0;
			sent.add(this.pool.submit(() -> close(challenge, 1)));
			if (twice) {
				sent.add(this.pool.submit(() -> close(challenge, 2)));
			}
		}
		sent.forEach(FaultStack::join);
	}

	/**
	 * A wave: a new challenge with results, closed; a batch of activities; redeems, two
	 * of them for the same participant at once.
	 */
	void wave() {
		long seed = this.random.nextLong();
		List<Future<?>> sent = new ArrayList<>();
		sent.add(this.pool.submit(() -> {
			Sent challenge = challenge(new Random(seed));
			close(challenge, 1);
			if (new Random(seed).nextInt(5) == 0) {
				close(challenge, 2);
			}
		}));
		List<Map<String, Object>> batch = new ArrayList<>();
		Map<Long, Set<String>> batchSessions = new HashMap<>();
		for (int i = 0; i < 20; i++) {
			long user = 1 + this.random.nextInt(PARTICIPANTS);
			String id = "r" + this.number + "-a" + this.sequence.incrementAndGet();
			boolean session = this.random.nextInt(10) < 7;
			Instant at = Instant.parse("2026-10-01T00:00:00Z").plus(this.random.nextInt(30 * 24), ChronoUnit.HOURS);
			batch.add(Map.of("id", id, "occurredat", at.toString(), "participants", Map.of("user", user), "kind",
					session ? "session" : "observation"));
			if (session) {
				batchSessions.computeIfAbsent(user, (u) -> new HashSet<>()).add(id);
			}
			// Now and then an activity sent twice in a batch: one activity.
			if (this.random.nextInt(20) == 0) {
				batch.add(batch.get(batch.size() - 1));
			}
		}
		sent.add(this.pool.submit(() -> {
			expect(call("POST", "/activities", batch, null), 202);
			batchSessions.forEach((user,
					ids) -> this.sessions.computeIfAbsent(user, (u) -> ConcurrentHashMap.newKeySet()).addAll(ids));
			this.activities.addAndGet(batch.size());
		}));
		long twice = 1 + this.random.nextInt(PARTICIPANTS);
		for (long user : new long[] { twice, twice, 1 + this.random.nextInt(PARTICIPANTS) }) {
			long points = 5 + this.random.nextInt(80);
			String key = key("redeem-" + this.sequence.incrementAndGet());
			sent.add(this.pool.submit(() -> redeem(user, points, key)));
		}
		sent.forEach(FaultStack::join);
	}

	private Sent challenge(Random r) {
		int n = this.sequence.incrementAndGet();
		long points = 10 + r.nextInt(41);
		ApiClient.Response created = call("POST", "/challenges",
				Map.of("name", "round " + this.number + " challenge " + n, "threshold", THRESHOLD, "startdate",
						"2026-10-01", "enddate", "2026-10-31", "rewardpoints", points, "rewardbadgeid",
						this.rewardBadge),
				key("challenge-" + n));
		expect(created, 201);
		long id = created.json().get("id").asLong();
		List<Map<String, Object>> rows = new ArrayList<>();
		Set<Long> winners = new HashSet<>();
		Set<Long> scored = new HashSet<>();
		while (scored.size() < 12) {
			scored.add(1L + r.nextInt(PARTICIPANTS));
		}
		for (long participant : scored) {
			int value = r.nextInt(21);
			rows.add(Map.of("participantid", participant, "metricvalue", value));
			if (value >= THRESHOLD) {
				winners.add(participant);
			}
		}
		expect(call("PUT", "/challenges/results?id=" + id, rows, null), 200);
		Sent sent = new Sent(id, points, Set.copyOf(winners));
		this.challenges.put(id, sent);
		return sent;
	}

	private void close(Sent challenge, int attempt) {
		ApiClient.Response answer = call("POST", "/challenges/close?id=" + challenge.id(), null,
				key("close-" + challenge.id() + "-" + attempt));
		if (attempt > 1) {
			this.secondCloses.incrementAndGet();
		}
		if (answer.status() == 202) {
			this.jobIds.add(answer.json().get("jobid").asLong());
		}
		else if (answer.status() != 409
				|| !(answer.text().contains("close_in_progress") || answer.text().contains("challenge_closed"))) {
			// Either of two closes sent at once may be the one refused: the checks see
			// that exactly one close job succeeded.
			throw new IllegalStateException(
					"close " + challenge.id() + " answered " + answer.status() + " " + answer.text());
		}
	}

	private void redeem(long user, long points, String key) {
		ApiClient.Response answer = call("POST", "/challenges/points/spend",
				Map.of("participanttype", 2, "participantid", user, "points", points, "reason", 1, "notes", key), key);
		if (answer.status() == 201) {
			this.redeemed.computeIfAbsent(user, (u) -> new CopyOnWriteArrayList<>()).add(points);
		}
		else if (answer.status() == 409 && answer.text().contains("insufficient_points")) {
			this.refused.incrementAndGet();
		}
		else {
			throw new IllegalStateException("redeem answered " + answer.status() + " " + answer.text());
		}
	}

	private long badge(String name) {
		ApiClient.Response answer = call("POST", "/badges", Map.of("name", name), key("badge-" + name));
		expect(answer, 201);
		return answer.json().get("id").asLong();
	}

	private long rule(Map<String, Object> fields) {
		ApiClient.Response answer = call("POST", "/badges/auto-rules", fields, key("rule-" + fields.get("ruletype")));
		expect(answer, 201);
		JsonNode job = answer.json().get("jobid");
		if (job != null && job.canConvertToLong()) {
			this.jobIds.add(job.asLong());
		}
		return answer.json().get("id").asLong();
	}

	private String key(String what) {
		return "faults-" + this.organisation + "-" + what;
	}

	/**
	 * A request as a careful integrator sends it: on no answer, a 5xx, a 429 or "in
	 * flight", the same request (same key) again after a second, for up to five minutes.
	 */
	private ApiClient.Response call(String method, String path, Object body, String idempotencyKey) {
		long deadline = System.nanoTime() + RETRY_FOR.toNanos();
		Map<String, String> headers = (idempotencyKey != null) ? Map.of("Idempotency-Key", idempotencyKey) : Map.of();
		String last;
		while (true) {
			this.sending.readLock().lock();
			try {
				ApiClient.Response answer = this.api.send(method, path, this.admin, body, headers);
				if (answer.status() < 500 && answer.status() != 429
						&& !(answer.status() == 409 && answer.text().contains("idempotency_key_in_flight"))) {
					return answer;
				}
				last = answer.status() + " " + answer.text();
			}
			catch (RuntimeException ex) {
				last = FaultStack.firstLine(ex);
			}
			finally {
				this.sending.readLock().unlock();
			}
			this.retries.incrementAndGet();
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(method + " " + path + " failed for " + RETRY_FOR + ": " + last);
			}
			FaultStack.sleep(Duration.ofSeconds(1));
		}
	}

	private static void expect(ApiClient.Response answer, int status) {
		if (answer.status() != status) {
			throw new IllegalStateException("expected " + status + ", got " + answer.status() + " " + answer.text());
		}
	}

	/**
	 * Sends the requests to another edge from now on, once the requests in flight have
	 * their answers (so that an edge about to be killed has none).
	 */
	void useEdge(String url) {
		this.sending.writeLock().lock();
		try {
			this.api = new ApiClient(url);
			this.edgeUrl = url;
		}
		finally {
			this.sending.writeLock().unlock();
		}
	}

	String edgeUrl() {
		return this.edgeUrl;
	}

	int challengeCount() {
		return this.challenges.size();
	}

	long expectedAwards() {
		return this.challenges.values().stream().mapToLong((c) -> c.winners().size()).sum();
	}

	/** Close and rule-backfill jobs of this round still queued or running. */
	long pendingJobs() {
		return this.jdbc.sql("select count(*) from job where organisation_id = :o and status in ('queued', 'running')")
			.param("o", this.organisation)
			.query(Long.class)
			.single();
	}

	/**
	 * Every invariant against the oracle; each violation as a line (empty: all hold).
	 */
	List<String> violations(EventIndex events, WebhookReceiver receiver) {
		List<String> out = new ArrayList<>();
		long o = this.organisation;
		// Ledger: one reason-0 row per (challenge, winner) with the challenge's points.
		Map<String, List<Long>> awards = new HashMap<>();
		this.jdbc.sql("""
				select challenge_id, participant_type, participant_id, points from ledger
				where organisation_id = :o and reason = 0
				""").param("o", o).query((rs, n) -> {
			awards.computeIfAbsent(rs.getLong(1) + "/" + rs.getInt(2) + ":" + rs.getLong(3), (k) -> new ArrayList<>())
				.add(rs.getLong(4));
			return null;
		}).list();
		Map<String, Long> expectedAwards = new HashMap<>();
		Set<Long> anyWin = new HashSet<>();
		for (Sent c : this.challenges.values()) {
			for (long w : c.winners()) {
				expectedAwards.put(c.id() + "/2:" + w, c.points());
				anyWin.add(w);
			}
		}
		compare("ledger award", expectedAwards.keySet(), awards, out);
		expectedAwards.forEach((k, points) -> {
			List<Long> rows = awards.get(k);
			if (rows != null && rows.stream().anyMatch((p) -> p != (long) points)) {
				out.add("ledger award " + k + " has points " + rows + ", expected " + points);
			}
		});
		// Grants: one challenge grant per (challenge, winner); one rule grant per (rule,
		// qualifying participant).
		Map<String, List<Long>> challengeGrants = new HashMap<>();
		Map<String, List<Long>> ruleGrants = new HashMap<>();
		List<Long> grantIds = new ArrayList<>();
		this.jdbc.sql("""
				select id, badge_id, participant_type, participant_id, source, challenge_id, rule_id from badge_grant
				where organisation_id = :o
				""").param("o", o).query((rs, n) -> {
			long id = rs.getLong(1);
			grantIds.add(id);
			String participant = rs.getInt(3) + ":" + rs.getLong(4);
			switch (rs.getString(5)) {
				case "challenge" ->
					challengeGrants
						.computeIfAbsent(rs.getLong(6) + "/" + participant + "/badge" + rs.getLong(2),
								(k) -> new ArrayList<>())
						.add(id);
				case "rule" ->
					ruleGrants.computeIfAbsent(rs.getLong(7) + "/" + participant, (k) -> new ArrayList<>()).add(id);
				default -> out.add("unexpected " + rs.getString(5) + " grant " + id);
			}
			return null;
		}).list();
		Set<String> expectedChallengeGrants = new HashSet<>();
		for (Sent c : this.challenges.values()) {
			for (long w : c.winners()) {
				expectedChallengeGrants.add(c.id() + "/2:" + w + "/badge" + this.rewardBadge);
			}
		}
		compare("challenge grant", expectedChallengeGrants, challengeGrants, out);
		Set<String> expectedRuleGrants = new HashSet<>();
		anyWin.forEach((w) -> expectedRuleGrants.add(this.winRule + "/2:" + w));
		this.sessions.forEach((user, ids) -> {
			if (ids.size() >= SESSIONS_FOR_BADGE) {
				expectedRuleGrants.add(this.sessionRule + "/2:" + user);
			}
		});
		compare("rule grant", expectedRuleGrants, ruleGrants, out);
		// Balances never below zero; redeems: exactly the ones answered 201.
		this.jdbc.sql("""
				select participant_type, participant_id, sum(points) from ledger where organisation_id = :o
				group by participant_type, participant_id having sum(points) < 0
				""")
			.param("o", o)
			.query((rs, n) -> out.add("balance of " + rs.getInt(1) + ":" + rs.getLong(2) + " is " + rs.getLong(3)))
			.list();
		Map<Long, long[]> redeems = new HashMap<>();
		this.jdbc.sql("""
				select participant_id, count(*), sum(points) from ledger where organisation_id = :o and reason = 1
				group by participant_id
				""")
			.param("o", o)
			.query((rs, n) -> redeems.put(rs.getLong(1), new long[] { rs.getLong(2), rs.getLong(3) }))
			.list();
		Set<Long> redeemers = new HashSet<>(redeems.keySet());
		redeemers.addAll(this.redeemed.keySet());
		for (long user : redeemers) {
			List<Long> answered = this.redeemed.getOrDefault(user, List.of());
			long[] rows = redeems.getOrDefault(user, new long[] { 0, 0 });
			long sum = answered.stream().mapToLong(Long::longValue).sum();
			if (rows[0] != answered.size() || rows[1] != -sum) {
				out.add("redeems of 2:" + user + ": " + rows[0] + " rows, " + rows[1] + " points; answered 201: "
						+ answered.size() + ", " + sum + " points");
			}
		}
		// Every challenge closed, by exactly one succeeded close job; any other failed.
		Map<Long, Boolean> closed = new HashMap<>();
		this.jdbc.sql("select id, closed from challenge where organisation_id = :o")
			.param("o", o)
			.query((rs, n) -> closed.put(rs.getLong(1), rs.getBoolean(2)))
			.list();
		Map<Long, List<String>> closeJobs = new HashMap<>();
		this.jdbc.sql("select challenge_id, status from job where organisation_id = :o and type = 'close'")
			.param("o", o)
			.query((rs, n) -> closeJobs.computeIfAbsent(rs.getLong(1), (k) -> new ArrayList<>()).add(rs.getString(2)))
			.list();
		for (Sent c : this.challenges.values()) {
			if (!Boolean.TRUE.equals(closed.get(c.id()))) {
				out.add("challenge " + c.id() + " is not closed");
			}
			List<String> statuses = closeJobs.getOrDefault(c.id(), List.of());
			long succeeded = statuses.stream().filter("succeeded"::equals).count();
			long other = statuses.stream().filter((s) -> !"succeeded".equals(s) && !"failed".equals(s)).count();
			if (succeeded != 1 || other != 0) {
				out.add("challenge " + c.id() + " close jobs " + statuses);
			}
		}
		// Every job in an end state.
		this.jdbc.sql("""
				select id, type, status from job where organisation_id = :o
				and status not in ('succeeded', 'failed', 'canceled')
				""")
			.param("o", o)
			.query((rs, n) -> out.add("job " + rs.getLong(1) + " (" + rs.getString(2) + ") is " + rs.getString(3)))
			.list();
		List<Long> ledgerIds = this.jdbc.sql("select id from ledger where organisation_id = :o")
			.param("o", o)
			.query(Long.class)
			.list();
		// Every grant and ledger row has exactly one event; no event names a row that
		// does not exist.
		exactlyOneEvent("grant", grantIds, events.grants(o), out);
		exactlyOneEvent("ledger row", ledgerIds, events.ledger(o), out);
		// Webhooks: every grant event delivered at least once, every signature valid.
		List<WebhookReceiver.Received> received = receiver.requests(this.hookPath);
		Set<String> delivered = new HashSet<>();
		int badSignatures = 0;
		for (WebhookReceiver.Received request : received) {
			delivered.add(request.header("webhook-id"));
			if (!WebhookVerifier.verify(this.secret, request.header("webhook-id"), request.header("webhook-timestamp"),
					request.body(), request.header("webhook-signature"), request.at())) {
				badSignatures++;
			}
		}
		if (badSignatures > 0) {
			out.add(badSignatures + " webhook deliveries with a bad signature");
		}
		int undelivered = 0;
		for (long grant : grantIds) {
			for (String eventId : events.grants(o).getOrDefault(grant, Set.of())) {
				if (!delivered.contains(eventId)) {
					undelivered++;
				}
			}
		}
		if (undelivered > 0) {
			out.add(undelivered + " grant events never delivered to the webhook");
		}
		return out;
	}

	/** Webhook requests received and the distinct events among them. */
	String webhookFigures(WebhookReceiver receiver) {
		List<WebhookReceiver.Received> received = receiver.requests(this.hookPath);
		long distinct = received.stream().map((r) -> r.header("webhook-id")).distinct().count();
		return received.size() + " webhook requests for " + distinct + " events";
	}

	/** Rows per kind as Podium has them, for the report. */
	String figures() {
		return this.jdbc.sql("""
				select (select count(*) from ledger where organisation_id = :o and reason = 0) || ' awards, '
				    || (select count(*) from ledger where organisation_id = :o and reason = 1) || ' redeems, '
				    || (select count(*) from badge_grant where organisation_id = :o and source = 'challenge')
				    || ' challenge grants, '
				    || (select count(*) from badge_grant where organisation_id = :o and source = 'rule')
				    || ' rule grants, '
				    || (select count(*) from job where organisation_id = :o) || ' jobs ('
				    || (select count(*) from job where organisation_id = :o and status = 'failed') || ' failed)'
				""").param("o", this.organisation).query(String.class).single();
	}

	private static void compare(String what, Set<String> expected, Map<String, List<Long>> actual, List<String> out) {
		Map<String, Integer> wrong = new TreeMap<>();
		int lost = 0;
		for (String k : expected) {
			int count = actual.getOrDefault(k, List.of()).size();
			if (count == 0) {
				lost++;
				if (lost <= 5) {
					out.add(what + " " + k + " lost");
				}
			}
			else if (count > 1) {
				wrong.put(k, count);
			}
		}
		if (lost > 5) {
			out.add("... " + what + "s lost in all: " + lost);
		}
		wrong.forEach((k, count) -> out.add(what + " " + k + " written " + count + " times"));
		actual.keySet()
			.stream()
			.filter((k) -> !expected.contains(k))
			.sorted()
			.limit(10)
			.forEach((k) -> out.add(what + " " + k + " not expected (" + actual.get(k).size() + ")"));
	}

	private static void exactlyOneEvent(String what, List<Long> rows, Map<Long, Set<String>> events, List<String> out) {
		int none = 0;
		int several = 0;
		for (long row : rows) {
			int ids = events.getOrDefault(row, Set.of()).size();
			if (ids == 0) {
				none++;
			}
			else if (ids > 1) {
				several++;
			}
		}
		if (none > 0) {
			out.add(none + " " + what + "s without an event");
		}
		if (several > 0) {
			out.add(several + " " + what + "s with more than one distinct event");
		}
		Set<Long> known = new HashSet<>(rows);
		long strays = events.keySet().stream().filter((id) -> !known.contains(id)).count();
		if (strays > 0) {
			out.add(strays + " " + what + " events name a row that does not exist");
		}
	}

	void close() {
		this.pool.shutdownNow();
	}

	/** A challenge as sent: its reward points and the winners of its uploaded results. */
	record Sent(long id, long points, Set<Long> winners) {

	}

}
