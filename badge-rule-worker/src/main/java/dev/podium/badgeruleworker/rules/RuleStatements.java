package dev.podium.badgeruleworker.rules;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The SQL of rule evaluation, one statement per rule type and scope. Every grant
 * statement has the same shape: the live rules ({@code rule}), the pairs of rule and
 * participant that qualify ({@code qualified}, the only part that differs by type and
 * scope), then one insert of the grants (skipping pairs already granted, by the unique
 * index on rule grants) and one insert of a notification per grant written; it answers,
 * per organisation, how many grants it wrote and their lowest and highest ids.
 *
 * <p>
 * Scopes: <em>listed</em> participants (a batch of points or activity events),
 * <em>winners</em> of closed challenges, and <em>everyone</em> of the organisation (a
 * back-fill). Listed and winners first drop the pairs already granted, so a participant
 * who holds a rule's badge costs nothing more.
 */
final class RuleStatements {

	/** Rule type 0: distinct challenges won. */
	static final int CHALLENGES_WON = 0;

	/** Rule type 1: consecutive wins, ending at the latest closed challenge scored in. */
	static final int CONSECUTIVE_WINS = 1;

	/** Rule type 2: lifetime net points (sum of the ledger). */
	static final int LIFETIME_POINTS = 2;

	/** Rule type 3: activities of the rule's kind. */
	static final int ACTIVITY_COUNT = 3;

	/** Rule type 4: current daily streak of activities of the rule's kind. */
	static final int DAILY_STREAK = 4;

	/**
	 * The longest streak window in days: a threshold beyond it could never be reached
	 * (and would overflow date arithmetic).
	 */
	static final int MAX_STREAK_DAYS = 1_000_000;

	/** An activity's participant columns by participant type (0 site .. 3 group). */
	private static final List<String> DIMENSIONS = List.of("site_id", "unit_id", "user_id", "group_id");

	private static final String RULES = """
			rule as (
			    select r.id, r.organisation_id, r.badge_id, r.threshold, r.kind, b.name as badge_name
			    from badge_rule r join badge b on b.id = r.badge_id
			    where r.id = any(cast(:rules as bigint[])) and r.deleted_at is null and b.active)""";

	private static final String LISTED = """
			p as (
			    select distinct * from unnest(cast(:organisations as bigint[]), cast(:types as smallint[]),
			                                  cast(:ids as bigint[]), cast(:kinds as text[]))
			                           as p (organisation_id, participant_type, participant_id, kind))""";

	private static final String WINNERS = """
			p as (
			    select distinct c.organisation_id, cr.participant_type, cr.participant_id, cast(null as text) as kind
			    from challenge c join challenge_result cr on cr.challenge_id = c.id and cr.met
			    where c.id = any(cast(:challenges as bigint[])) and c.closed)""";

	/**
	 * The pair is not granted yet: one probe of the rule grants' unique index per pair.
	 * {@code offset 0} keeps the planner from turning the probe into a hash of every rule
	 * grant (which it chose while the table's statistics were stale, making each batch
	 * slower than the one before).
	 */
	private static final String NOT_GRANTED = """
			not exists (select 1 from badge_grant g
			            where g.organisation_id = r.organisation_id and g.badge_id = r.badge_id
			              and g.participant_type = %1$s.participant_type and g.participant_id = %1$s.participant_id
			              and g.source = 'rule'
			            offset 0)""";

	/**
	 * The pairs of rule and participant not yet granted, for the rules bounded per pair
	 * (types 3 and 4).
	 */
	private static final String PENDING = """
			pending as (
			    select p.organisation_id, p.participant_type, p.participant_id, p.kind, r.id as rule_id, r.threshold
			    from p join rule r on r.organisation_id = p.organisation_id and r.kind is not distinct from p.kind
			    where %s)""".formatted(NOT_GRANTED.formatted("p"));

	/**
	 * The participants with at least one rule not yet granted, for the rules whose
	 * statistic is one per participant (types 0 to 2).
	 */
	private static final String WHO = """
			who as (
			    select p.organisation_id, p.participant_type, p.participant_id, p.kind from p
			    where exists (select 1 from rule r
			                  where r.organisation_id = p.organisation_id and r.kind is not distinct from p.kind
			                    and %s))""".formatted(NOT_GRANTED.formatted("p"));

	/**
	 * Per participant, its statistic {@code value}; then the rules it reaches. Each
	 * participant's statistic is computed once, by index from its own rows, so the cost
	 * grows with the participants and never with their product, whatever the planner
	 * estimates for fresh tables.
	 */
	private static final String QUALIFIED_BY_STAT = """
			stat as materialized (select w.*, (%s) as value from who w),
			qualified as materialized (
			    select r.id as rule_id, s.participant_type, s.participant_id
			    from stat s join rule r on r.organisation_id = s.organisation_id and r.kind is not distinct from s.kind
			    where s.value >= r.threshold)""";

	/**
	 * The pairs with their organisation's time zone, today there, and the window of days
	 * a streak reaching the threshold must lie in: from {@code today - threshold} (a run
	 * ending yesterday) to today.
	 */
	private static final String ZONED = """
			zoned as (
			    select z.*, (z.today - least(z.threshold, %d)::int)::timestamp at time zone z.tz as window_start,
			           (z.today + 1)::timestamp at time zone z.tz as window_end
			    from (select x.*, o.time_zone as tz,
			                 (cast(:now as timestamptz) at time zone o.time_zone)::date as today
			          from %%s x join organisation o on o.id = x.organisation_id) z)""".formatted(MAX_STREAK_DAYS);

	private static final String GRANT = """
			granted as (
			    insert into badge_grant (organisation_id, badge_id, participant_type, participant_id, source, rule_id,
			                             granted_at)
			    select r.organisation_id, r.badge_id, q.participant_type, q.participant_id, 'rule', r.id,
			           cast(:now as timestamptz)
			    from qualified q join rule r on r.id = q.rule_id
			    where %s
			    order by r.organisation_id, r.badge_id, q.participant_type, q.participant_id
			    on conflict (organisation_id, badge_id, participant_type, participant_id) where source = 'rule'
			    do nothing
			    returning id, organisation_id, badge_id, rule_id, participant_type, participant_id),
			noted as (
			    insert into notification (organisation_id, participant_type, participant_id, kind, title, body, event_id,
			                              created_at)
			    select g.organisation_id, g.participant_type, g.participant_id, 'badge_granted',
			           'Badge earned: ' || r.badge_name,
			           jsonb_build_object('grantid', g.id, 'badgeid', g.badge_id, 'badgename', r.badge_name,
			                              'source', 'rule', 'ruleid', g.rule_id),
			           chunked_event_id(:eventType, g.id::text), cast(:now as timestamptz)
			    from granted g join rule r on r.id = g.rule_id
			    on conflict (event_id) do nothing)
			select organisation_id, count(*) as granted, min(id) as first, max(id) as last
			from granted group by organisation_id
			"""
		.formatted(NOT_GRANTED.formatted("q"));

	private static final String COUNT = """
			select count(*) from qualified q join rule r on r.id = q.rule_id where %s
			""".formatted(NOT_GRANTED.formatted("q"));

	private RuleStatements() {
	}

	/** Grants a rule type to the listed participants who qualify. */
	static String grantListed(int ruleType) {
		return "with " + String.join(",\n", RULES, LISTED, live(ruleType)) + ",\n" + GRANT;
	}

	/** Grants a rule type to the winners of closed challenges who qualify. */
	static String grantWinners(int ruleType) {
		return "with " + String.join(",\n", RULES, WINNERS, live(ruleType)) + ",\n" + GRANT;
	}

	/** Grants a rule to everyone of its organisation who qualifies (a back-fill). */
	static String grantEveryone(int ruleType) {
		return "with " + String.join(",\n", RULES, everyone(ruleType)) + ",\n" + GRANT;
	}

	/** Counts who a back-fill of a rule would grant. */
	static String countEveryone(int ruleType) {
		return "with " + String.join(",\n", RULES, everyone(ruleType)) + "\n" + COUNT;
	}

	/**
	 * Share-locks the live rules of active badges of some types for organisations: a rule
	 * deleted (or its badge deactivated) after this grants nothing in this transaction,
	 * and a delete waits until it has committed.
	 */
	static String lockLiveRules() {
		return """
				select r.id, r.rule_type, r.organisation_id from badge_rule r join badge b on b.id = r.badge_id
				where r.organisation_id = any(cast(:organisations as bigint[]))
				  and r.rule_type = any(cast(:ruleTypes as smallint[])) and r.deleted_at is null and b.active
				order by r.id
				for share of r, b
				""";
	}

	/** Share-locks one live rule of an active badge, for a back-fill. */
	static String lockRule() {
		return """
				select r.id, r.rule_type from badge_rule r join badge b on b.id = r.badge_id
				where r.id = :rule and r.organisation_id = :organisation and r.deleted_at is null and b.active
				for share of r, b
				""";
	}

	/**
	 * Serialises the transactions that evaluate activities of the same participants: an
	 * activity keyed by its user also concerns its unit and site, whose other activities
	 * another consumer may be counting at the same time. Locks are taken in one global
	 * order (of their keys), so two batches never wait for each other in a cycle.
	 */
	static String lockParticipants() {
		return """
				select pg_advisory_xact_lock(k)
				from (select distinct hashtextextended('podium-rule-participant:' || o || ':' || t || ':' || i, 0) as k
				      from unnest(cast(:organisations as bigint[]), cast(:types as smallint[]), cast(:ids as bigint[]))
				           as p (o, t, i)
				      order by 1 offset 0) x
				""";
	}

	/**
	 * The grants this transaction wrote for an organisation between two ids, as the
	 * columns of {@code BadgeGranted} events. Other transactions' grants in the range are
	 * skipped by their {@code xmin}.
	 */
	static String writtenGrants() {
		return """
				select g.id as "grantId", g.badge_id as "badgeId", b.name as "badgeName", g.rule_id as "ruleId",
				       g.participant_type as "participantType", g.participant_id as "participantId",
				       p.name as "participantName"
				from badge_grant g
				join badge b on b.id = g.badge_id
				left join participant p on p.organisation_id = g.organisation_id
				     and p.participant_type = g.participant_type and p.participant_id = g.participant_id
				where g.id between :first and :last and g.organisation_id = :organisation and g.source = 'rule'
				  and g.xmin = pg_current_xact_id()::xid
				order by g.id
				""";
	}

	/**
	 * The pairs of rule and listed (or winning) participant that qualify, given the
	 * participants {@code p}.
	 */
	private static String live(int ruleType) {
		return switch (ruleType) {
			case CHALLENGES_WON -> WHO + ",\n" + QUALIFIED_BY_STAT.formatted("""
					select count(*) from challenge_result cr join challenge c on c.id = cr.challenge_id
					where cr.participant_type = w.participant_type and cr.participant_id = w.participant_id and cr.met
					  and c.organisation_id = w.organisation_id and c.closed""");
			case CONSECUTIVE_WINS -> WHO + ",\n" + QUALIFIED_BY_STAT.formatted("""
					select coalesce(min(h.n) filter (where not h.met) - 1, count(*))
					from (select cr.met, row_number() over (order by c.end_date desc, c.id desc) as n
					      from challenge_result cr join challenge c on c.id = cr.challenge_id
					      where cr.participant_type = w.participant_type and cr.participant_id = w.participant_id
					        and c.organisation_id = w.organisation_id and c.closed) h""");
			case LIFETIME_POINTS -> WHO + ",\n" + QUALIFIED_BY_STAT.formatted("""
					select coalesce(sum(l.points), 0) from ledger l
					where l.organisation_id = w.organisation_id and l.participant_type = w.participant_type
					  and l.participant_id = w.participant_id""");
			// Per pair, reading at most `threshold` of the participant's activities.
			case ACTIVITY_COUNT -> PENDING + ",\nqualified as materialized (\n" + perDimension("""
					select x.rule_id, x.participant_type, x.participant_id from pending x
					where x.participant_type = %d
					  and (select count(*) from (select 1 from activity a
					                             where a.organisation_id = x.organisation_id and a.%s = x.participant_id
					                               and a.kind = x.kind
					                             limit x.threshold) y) >= x.threshold""") + ")";
			// Per pair, reading only the participant's activities of the streak's window.
			case DAILY_STREAK ->
				PENDING + ",\n" + ZONED.formatted("pending") + ",\nqualified as materialized (\n" + perDimension("""
						select x.rule_id, x.participant_type, x.participant_id from zoned x
						where x.participant_type = %d
						  and (select count(*)
						       from (select d.day, row_number() over (order by d.day desc) as n,
						                    max(d.day) over () as top
						             from (select distinct (a.occurred_at at time zone x.tz)::date as day
						                   from activity a
						                   where a.organisation_id = x.organisation_id and a.%s = x.participant_id
						                     and a.kind = x.kind and a.occurred_at >= x.window_start
						                     and a.occurred_at < x.window_end) d) s
						       where s.top >= x.today - 1 and s.day + s.n::int = s.top + 1) >= x.threshold""") + ")";
			default -> throw new IllegalArgumentException("Unknown rule type " + ruleType);
		};
	}

	/** The pairs of the rule and any participant of its organisation that qualify. */
	private static String everyone(int ruleType) {
		return switch (ruleType) {
			case CHALLENGES_WON -> """
					qualified as materialized (
					    select r.id as rule_id, cr.participant_type, cr.participant_id
					    from rule r
					    join challenge c on c.organisation_id = r.organisation_id and c.closed
					    join challenge_result cr on cr.challenge_id = c.id and cr.met
					    group by r.id, r.threshold, cr.participant_type, cr.participant_id
					    having count(*) >= r.threshold)""";
			case CONSECUTIVE_WINS -> """
					qualified as materialized (
					    select rule_id, participant_type, participant_id
					    from (select r.id as rule_id, r.threshold, cr.participant_type, cr.participant_id, cr.met,
					                 row_number() over (partition by r.id, cr.participant_type, cr.participant_id
					                                    order by c.end_date desc, c.id desc) as n
					          from rule r
					          join challenge c on c.organisation_id = r.organisation_id and c.closed
					          join challenge_result cr on cr.challenge_id = c.id) h
					    group by rule_id, threshold, participant_type, participant_id
					    having coalesce(min(n) filter (where not met) - 1, count(*)) >= threshold)""";
			case LIFETIME_POINTS -> """
					qualified as materialized (
					    select r.id as rule_id, l.participant_type, l.participant_id
					    from rule r join ledger l on l.organisation_id = r.organisation_id
					    group by r.id, r.threshold, l.participant_type, l.participant_id
					    having sum(l.points) >= r.threshold)""";
			case ACTIVITY_COUNT -> "counted as (\n" + perDimension("""
					select r.id as rule_id, r.threshold, cast(%d as smallint) as participant_type,
					       a.%s as participant_id
					from rule r join activity a on a.organisation_id = r.organisation_id and a.kind = r.kind
					     and a.%2$s is not null""") + """
					),
					qualified as materialized (
					    select rule_id, participant_type, participant_id from counted
					    group by rule_id, threshold, participant_type, participant_id
					    having count(*) >= threshold)""";
			case DAILY_STREAK -> ZONED
				.formatted("(select r.id as rule_id, r.organisation_id, r.kind, r.threshold from rule r)")
					+ ",\ndays as (\n" + perDimension("""
							select distinct z.rule_id, z.threshold, z.today, cast(%d as smallint) as participant_type,
							       a.%s as participant_id, (a.occurred_at at time zone z.tz)::date as day
							from zoned z join activity a on a.organisation_id = z.organisation_id and a.kind = z.kind
							     and a.%2$s is not null and a.occurred_at >= z.window_start
							     and a.occurred_at < z.window_end""")
					+ """
							),
							qualified as materialized (
							    select rule_id, participant_type, participant_id
							    from (select d.*,
							                 row_number() over (partition by rule_id, participant_type, participant_id
							                                    order by day desc) as n,
							                 max(day) over (partition by rule_id, participant_type, participant_id) as top
							          from days d) s
							    where s.top >= s.today - 1 and s.day + s.n::int = s.top + 1
							    group by rule_id, threshold, participant_type, participant_id
							    having count(*) >= threshold)""";
			default -> throw new IllegalArgumentException("Unknown rule type " + ruleType);
		};
	}

	/**
	 * One branch per participant dimension of an activity, joined by {@code union all};
	 * each template takes the participant type ({@code %d}) and the column ({@code %s}).
	 */
	private static String perDimension(String template) {
		return IntStream.range(0, DIMENSIONS.size())
			.mapToObj((type) -> template.formatted(type, DIMENSIONS.get(type)))
			.collect(Collectors.joining("\n    union all\n"));
	}

}
