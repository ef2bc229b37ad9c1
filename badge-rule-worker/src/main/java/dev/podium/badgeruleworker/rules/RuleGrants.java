package dev.podium.badgeruleworker.rules;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.podium.contracts.BadgeGranted;
import dev.podium.contracts.Topics;
import dev.podium.platform.outbox.Outbox;
import dev.podium.platform.outbox.ParticipantEvents;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Runs {@link RuleStatements} inside the caller's transaction: locks rules and
 * participants, writes grants with their notifications, and announces the grants as
 * {@link BadgeGranted} events in chunks. Set-based throughout: a statement per rule type,
 * never one per participant.
 */
@Component
class RuleGrants {

	private static final List<String> EVENT_COLUMNS = List.of("grantId", "badgeId", "badgeName", "ruleId",
			"participantType", "participantId", "participantName");

	private final JdbcClient jdbc;

	private final Outbox outbox;

	RuleGrants(JdbcClient jdbc, Outbox outbox) {
		this.jdbc = jdbc;
		this.outbox = outbox;
	}

	/**
	 * Share-locks the live rules of active badges of some types for organisations.
	 * @return the locked rules
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	LiveRules lockLiveRules(Collection<Long> organisations, Collection<Integer> ruleTypes) {
		LiveRules rules = new LiveRules(new TreeMap<>(), new TreeSet<>());
		if (organisations.isEmpty()) {
			return rules;
		}
		this.jdbc.sql(RuleStatements.lockLiveRules())
			.param("organisations", organisations.toArray(Long[]::new))
			.param("ruleTypes", ruleTypes.toArray(Integer[]::new))
			.query((rs, n) -> {
				rules.byType()
					.computeIfAbsent(rs.getInt("rule_type"), (type) -> new ArrayList<>())
					.add(rs.getLong("id"));
				rules.organisations().add(rs.getLong("organisation_id"));
				return null;
			})
			.list();
		return rules;
	}

	/**
	 * Share-locks one live rule of an active badge of an organisation.
	 * @return its type, or empty when the rule is deleted, of another organisation, or
	 * its badge inactive
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	Optional<Integer> lockRule(long organisationId, long ruleId) {
		return this.jdbc.sql(RuleStatements.lockRule())
			.param("organisation", organisationId)
			.param("rule", ruleId)
			.query((rs, n) -> rs.getInt("rule_type"))
			.optional();
	}

	/** Serialises the evaluations of activities of the same participants. */
	@Transactional(propagation = Propagation.MANDATORY)
	void lockParticipants(Collection<Participant> participants) {
		if (participants.isEmpty()) {
			return;
		}
		this.jdbc.sql(RuleStatements.lockParticipants())
			.param("organisations", participants.stream().map(Participant::organisationId).toArray(Long[]::new))
			.param("types", participants.stream().map(Participant::type).toArray(Integer[]::new))
			.param("ids", participants.stream().map(Participant::id).toArray(Long[]::new))
			.query()
			.listOfRows();
	}

	/** Grants rules of one type to the listed participants who qualify. */
	@Transactional(propagation = Propagation.MANDATORY)
	void grantListed(int ruleType, List<Long> rules, Collection<Participant> participants, Instant now,
			Written written) {
		grant(RuleStatements.grantListed(ruleType), rules, now, written,
				Map.of("organisations", participants.stream().map(Participant::organisationId).toArray(Long[]::new),
						"types", participants.stream().map(Participant::type).toArray(Integer[]::new), "ids",
						participants.stream().map(Participant::id).toArray(Long[]::new), "kinds",
						participants.stream().map(Participant::kind).toArray(String[]::new)));
	}

	/** Grants rules of one type to the winners of closed challenges who qualify. */
	@Transactional(propagation = Propagation.MANDATORY)
	void grantWinners(int ruleType, List<Long> rules, Collection<Long> challenges, Instant now, Written written) {
		grant(RuleStatements.grantWinners(ruleType), rules, now, written,
				Map.of("challenges", challenges.toArray(Long[]::new)));
	}

	/** Grants a rule to everyone of its organisation who qualifies. */
	@Transactional(propagation = Propagation.MANDATORY)
	void grantEveryone(int ruleType, long rule, Instant now, Written written) {
		// The aggregate over the organisation's history runs in memory rather than
		// spilling.
		this.jdbc.sql("set local work_mem = '256MB'").update();
		grant(RuleStatements.grantEveryone(ruleType), List.of(rule), now, written, Map.of());
	}

	/** How many participants a back-fill of a rule would grant now. */
	@Transactional(propagation = Propagation.MANDATORY)
	long countEveryone(int ruleType, long rule, Instant now) {
		this.jdbc.sql("set local work_mem = '256MB'").update();
		return this.jdbc.sql(RuleStatements.countEveryone(ruleType))
			.param("rules", new Long[] { rule })
			.param("now", utc(now))
			.query(Long.class)
			.single();
	}

	private void grant(String statement, List<Long> rules, Instant now, Written written, Map<String, ?> scope) {
		this.jdbc.sql(statement)
			.params(scope)
			.param("rules", rules.toArray(Long[]::new))
			.param("now", utc(now))
			.param("eventType", BadgeGranted.TYPE)
			.query((rs, n) -> new Written.Range(rs.getLong("organisation_id"), rs.getLong("granted"),
					rs.getLong("first"), rs.getLong("last")))
			.list()
			.forEach(written::add);
	}

	/**
	 * Writes one {@link BadgeGranted} per grant written, in chunks (one outbox row per
	 * {@value Outbox#CHUNK} events); the relay gives each event the id that its
	 * notification's {@code event_id} already holds.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	void announce(Written written, Instant now) {
		written.byOrganisation().forEach((organisation, range) -> {
			if (range.granted() == 0) {
				return;
			}
			Map<String, Object> common = new LinkedHashMap<>();
			common.put("organisationId", organisation);
			common.put("source", "rule");
			common.put("challengeId", null);
			common.put("grantedAt", now);
			this.outbox.addChunked(
					new ParticipantEvents(Topics.PARTICIPANT_EVENTS, BadgeGranted.TYPE, organisation, common,
							EVENT_COLUMNS, "grantId"),
					RuleStatements.writtenGrants(),
					Map.of("organisation", organisation, "first", range.first(), "last", range.last()));
		});
	}

	/**
	 * Live rules: their ids by rule type, and the organisations that have any.
	 */
	record LiveRules(Map<Integer, List<Long>> byType, Set<Long> organisations) {

		boolean isEmpty() {
			return this.byType.isEmpty();
		}

	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
