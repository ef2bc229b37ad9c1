package dev.podium.closeworker.scoring;

import java.sql.Date;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the one SQL query that scores every participant of a challenge: {@code (id, v)}
 * per participant, over the activities in the period (days in the organisation's time
 * zone) that pass the filters. Decisions only: the SQL text and its parameters, never
 * string-concatenated input (attribute keys and values of {@code rulejson} are parameters
 * too).
 *
 * @param sql the query
 * @param params its named parameters
 */
public record MetricQuery(String sql, Map<String, Object> params) {

	private static final String[] DIMENSIONS = { "site_id", "unit_id", "user_id", "group_id" };

	public static MetricQuery of(ScoringRules rules) {
		Map<String, Object> params = new HashMap<>();
		params.put("organisation", rules.organisationId());
		params.put("zone", rules.timeZone());
		params.put("start", Date.valueOf(rules.start()));
		params.put("end", Date.valueOf(rules.end()));
		boolean prior = rules.metric() == 2;
		if (prior) {
			params.put("priorStart", Date.valueOf(rules.priorStart()));
			params.put("priorEnd", Date.valueOf(rules.priorEnd()));
		}
		String activities = activities(rules, params, prior);
		String metric = switch (rules.metric()) {
			case 0 -> "select pid, count(*)::numeric from act group by pid";
			case 1 -> """
					select pid, 100.0 * count(*) filter (where outcome) / count(*) filter (where outcome is not null)
					from act group by pid having count(*) filter (where outcome is not null) > 0""";
			case 2 -> """
					select pid,
					       100.0 * count(*) filter (where current and outcome)
					             / count(*) filter (where current and outcome is not null)
					     - 100.0 * count(*) filter (where not current and outcome)
					             / count(*) filter (where not current and outcome is not null)
					from act group by pid
					having count(*) filter (where current and outcome is not null) > 0
					   and count(*) filter (where not current and outcome is not null) > 0""";
			case 3 -> {
				params.put("streakThreshold", rules.streakThreshold());
				yield """
						select p.pid, coalesce(max(s.days), 0)::numeric
						from (select distinct pid from act) p
						left join (
						    select pid, count(*) as days
						    from (select pid, day, day - (row_number() over (partition by pid order by day))::int as island
						          from (select pid, (occurred_at at time zone :zone)::date as day
						                from act group by 1, 2
						                having count(*) filter (where outcome is not null) > 0
						                   and 100.0 * count(*) filter (where outcome)
						                       / count(*) filter (where outcome is not null) >= :streakThreshold) good_days
						         ) islands
						    group by pid, island
						) s on s.pid = p.pid
						group by p.pid""";
			}
			case 4 -> "select pid, sum(value) from act group by pid";
			default -> throw new IllegalArgumentException("unknown metric " + rules.metric());
		};
		return new MetricQuery("with act as (" + activities + ") " + metric, params);
	}

	/**
	 * The filtered activities, one row per (participant, activity), with {@code current}
	 * for metric 2.
	 */
	private static String activities(ScoringRules rules, Map<String, Object> params, boolean prior) {
		StringBuilder where = new StringBuilder("a.organisation_id = :organisation");
		String current = "a.occurred_at >= cast(:start as date)::timestamp at time zone :zone "
				+ "and a.occurred_at < (cast(:end as date) + 1)::timestamp at time zone :zone";
		if (prior) {
			where.append(" and ((")
				.append(current)
				.append(") or (a.occurred_at >= cast(:priorStart as date)::timestamp")
				.append(" at time zone :zone and a.occurred_at < (cast(:priorEnd as date) + 1)::timestamp at time zone :zone))");
		}
		else {
			where.append(" and ").append(current);
		}
		List<Long> groups = groups(rules.groupFilter());
		if (!groups.isEmpty()) {
			where.append(" and a.group_id = any(:groups)");
			params.put("groups", groups.toArray(Long[]::new));
		}
		int k = 0;
		for (Map.Entry<String, List<String>> rule : attributeRules(rules.ruleJson()).entrySet()) {
			where.append(" and a.attributes ->> :ruleKey").append(k).append(" = any(:ruleValues").append(k).append(")");
			params.put("ruleKey" + k, rule.getKey());
			params.put("ruleValues" + k, rule.getValue().toArray(String[]::new));
			k++;
		}
		String columns = "a.occurred_at, a.outcome, a.value" + (prior ? ", (" + current + ") as current" : "");
		if (rules.scope() == 4) {
			where.append(" and t.organisation_id = :organisation and t.active");
			if (rules.scopeId() != null) {
				where.append(" and t.id = :scopeId");
				params.put("scopeId", rules.scopeId());
			}
			// A team is scored over the union of its members' activities: each activity
			// once per team.
			return "select distinct on (t.id, a.id) t.id as pid, " + columns + " from activity a "
					+ "join team_member m on (m.participant_type = 1 and a.unit_id = m.participant_id) "
					+ "or (m.participant_type = 2 and a.user_id = m.participant_id) "
					+ "join team t on t.id = m.team_id where " + where;
		}
		String dimension = "a." + DIMENSIONS[rules.scope()];
		where.append(" and ").append(dimension).append(" is not null");
		if (rules.scopeId() != null) {
			where.append(" and ").append(dimension).append(" = :scopeId");
			params.put("scopeId", rules.scopeId());
		}
		return "select " + dimension + " as pid, " + columns + " from activity a where " + where;
	}

	/**
	 * {@code "3,5"} → [3, 5]; anything that is not a number is ignored (lenient, as the
	 * seed).
	 */
	static List<Long> groups(String filter) {
		List<Long> groups = new ArrayList<>();
		if (filter == null) {
			return groups;
		}
		for (String part : filter.split("[,;\\s]+")) {
			try {
				if (!part.isBlank()) {
					groups.add(Long.parseLong(part.strip()));
				}
			}
			catch (NumberFormatException ex) {
				// lenient: skip what is not a group id
			}
		}
		return groups;
	}

	/**
	 * {@code key=v1,v2;key2=v3} or {@code {"key":"v1,v2"}} → {key: [v1, v2], key2: [v3]}.
	 * Lenient: malformed parts are ignored.
	 */
	static Map<String, List<String>> attributeRules(String ruleJson) {
		Map<String, List<String>> rules = new LinkedHashMap<>();
		if (ruleJson == null || ruleJson.isBlank()) {
			return rules;
		}
		String text = ruleJson.strip();
		if (text.startsWith("{")) {
			try {
				JsonNode object = JsonMapper.shared().readTree(text);
				object.properties()
					.forEach((e) -> add(rules, e.getKey(),
							e.getValue().isString() ? e.getValue().asString() : e.getValue().toString()));
			}
			catch (RuntimeException ex) {
				// lenient: an unreadable object filters nothing
			}
			return rules;
		}
		for (String part : text.split(";")) {
			int eq = part.indexOf('=');
			if (eq > 0) {
				add(rules, part.substring(0, eq), part.substring(eq + 1));
			}
		}
		return rules;
	}

	private static void add(Map<String, List<String>> rules, String key, String values) {
		List<String> list = new ArrayList<>();
		for (String value : values.split(",")) {
			if (!value.isBlank()) {
				list.add(value.strip());
			}
		}
		if (!key.isBlank() && !list.isEmpty()) {
			rules.put(key.strip(), list);
		}
	}

}
