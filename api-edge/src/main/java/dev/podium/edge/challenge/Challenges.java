package dev.podium.edge.challenge;

import java.sql.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.podium.edge.web.Rows;
import dev.podium.platform.results.PayoutBands;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The challenge table as the edge reads and writes it. Every statement filters on the
 * organisation.
 */
@Component
class Challenges {

	/** The derived lifecycle status, in the organisation's time zone. */
	private static final String STATUS = """
			case
			    when not c.active and c.closed then 'archived'
			    when not c.active then 'draft'
			    when c.closed or (now() at time zone o.time_zone)::date > c.end_date then 'expired'
			    when (now() at time zone o.time_zone)::date < c.start_date then 'scheduled'
			    else 'live'
			end""";

	private static final String LIST = """
			select %s
			from challenge c join organisation o on o.id = c.organisation_id
			where c.organisation_id = :organisation
			  and (cast(:search as text) is null or strpos(lower(c.name), lower(cast(:search as text))) > 0)
			  and (cast(:status as text) is null
			       or (:status = 'active' and c.active and not c.closed)
			       or (:status = 'closed' and c.closed)
			       or (:status = 'inactive' and not c.active))
			""";

	private final JdbcClient jdbc;

	Challenges(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	long insert(long organisationId, ChallengeFields f) {
		return this.jdbc
			.sql("""
					insert into challenge (organisation_id, name, description, metric, scope, scope_id, threshold,
					    comparator, start_date, end_date, reward_points, reward_badge_id, prior_period_start,
					    prior_period_end, streak_threshold, group_filter, rule_json, autoclose, active, payout_bands, max_winners)
					values (:organisation, :name, :description, :metric, :scope, :scopeId, :threshold, :comparator,
					    :startDate, :endDate, :rewardPoints, :rewardBadgeId, :priorStart, :priorEnd, :streakThreshold,
					    :groupFilter, :ruleJson, :autoclose, :active, cast(:payoutBands as jsonb), :maxWinners)
					returning id
					""")
			.params(parameters(f))
			.param("organisation", organisationId)
			.query(Long.class)
			.single();
	}

	/**
	 * Rewrites every setting of an open challenge; the caller merged the sent fields over
	 * the stored ones.
	 */
	boolean update(long organisationId, long id, ChallengeFields f) {
		return this.jdbc.sql("""
				update challenge set name = :name, description = :description, metric = :metric, scope = :scope,
				    scope_id = :scopeId, threshold = :threshold, comparator = :comparator, start_date = :startDate,
				    end_date = :endDate, reward_points = :rewardPoints, reward_badge_id = :rewardBadgeId,
				    prior_period_start = :priorStart, prior_period_end = :priorEnd, streak_threshold = :streakThreshold,
				    group_filter = :groupFilter, rule_json = :ruleJson, autoclose = :autoclose, active = :active,
				    payout_bands = cast(:payoutBands as jsonb), max_winners = :maxWinners, updated_at = now()
				where organisation_id = :organisation and id = :id and not closed
				""").param("organisation", organisationId).param("id", id).params(parameters(f)).update() == 1;
	}

	/**
	 * Copies a challenge's settings as a new inactive, unclosed challenge "<name> (copy)"
	 * without results.
	 */
	Optional<Long> copy(long organisationId, long id) {
		return this.jdbc
			.sql("""
					insert into challenge (organisation_id, name, description, metric, scope, scope_id, threshold,
					    comparator, start_date, end_date, reward_points, reward_badge_id, prior_period_start,
					    prior_period_end, streak_threshold, group_filter, rule_json, autoclose, active, payout_bands, max_winners)
					select organisation_id, name || ' (copy)', description, metric, scope, scope_id, threshold, comparator,
					       start_date, end_date, reward_points, reward_badge_id, prior_period_start, prior_period_end,
					       streak_threshold, group_filter, rule_json, autoclose, false, payout_bands, max_winners
					from challenge where organisation_id = :organisation and id = :id
					returning id
					""")
			.param("organisation", organisationId)
			.param("id", id)
			.query(Long.class)
			.optional();
	}

	/**
	 * A page of challenges, newest first: {@code search} in the name, {@code status}
	 * {@code active} (active and open), {@code closed} or {@code inactive}.
	 */
	List<Map<String, Object>> list(long organisationId, String search, String status, int page, int perPage) {
		return this.jdbc
			.sql(LIST.formatted("""
					c.id, c.name, c.metric, c.scope, c.start_date as startdate, c.end_date as enddate,
					c.reward_points as rewardpoints, c.autoclose::int as autoclose, c.active::int as active,
					c.closed::int as closed, """ + STATUS + " as status")
					+ " order by c.id desc limit :limit offset :offset")
			.param("organisation", organisationId)
			.param("search", search)
			.param("status", status)
			.param("limit", perPage)
			.param("offset", (long) (page - 1) * perPage)
			.query(Rows::map)
			.list();
	}

	long count(long organisationId, String search, String status) {
		return this.jdbc.sql(LIST.formatted("count(*)"))
			.param("organisation", organisationId)
			.param("search", search)
			.param("status", status)
			.query(Long.class)
			.single();
	}

	/**
	 * Whether a badge may be a reward: it exists, is visible to the organisation and is
	 * active.
	 */
	boolean rewardableBadge(long organisationId, long badgeId) {
		return this.jdbc.sql("""
				select exists (select 1 from badge where id = :badge and active
				               and (organisation_id is null or organisation_id = :organisation))
				""").param("organisation", organisationId).param("badge", badgeId).query(Boolean.class).single();
	}

	/**
	 * The settings' statement parameters, shared by insert and update (nulls included).
	 */
	private static Map<String, Object> parameters(ChallengeFields f) {
		Map<String, Object> p = new HashMap<>();
		p.put("name", f.name());
		p.put("description", f.description());
		p.put("metric", f.metric());
		p.put("scope", f.scope());
		p.put("scopeId", f.scopeId());
		p.put("threshold", f.threshold());
		p.put("comparator", f.comparator());
		p.put("startDate", Date.valueOf(f.startDate()));
		p.put("endDate", Date.valueOf(f.endDate()));
		p.put("rewardPoints", f.rewardPoints());
		p.put("rewardBadgeId", f.rewardBadgeId());
		p.put("priorStart", (f.priorPeriodStart() != null) ? Date.valueOf(f.priorPeriodStart()) : null);
		p.put("priorEnd", (f.priorPeriodEnd() != null) ? Date.valueOf(f.priorPeriodEnd()) : null);
		p.put("streakThreshold", f.streakThreshold());
		p.put("groupFilter", f.groupFilter());
		p.put("ruleJson", f.ruleJson());
		p.put("autoclose", f.autoclose());
		p.put("active", f.active());
		p.put("payoutBands", f.payoutBands().isEmpty() ? null : bandsJson(f.payoutBands()));
		p.put("maxWinners", f.maxWinners());
		return p;
	}

	/**
	 * Whether an organisation lets the auto-close hook run without a token (the seed's
	 * default).
	 */
	boolean acceptsAnonymousAutoClose(long organisationId) {
		return this.jdbc.sql("select not autoclose_needs_token from organisation where id = :organisation")
			.param("organisation", organisationId)
			.query(Boolean.class)
			.optional()
			.orElse(false);
	}

	/** Whether a team of the organisation exists. */
	boolean teamExists(long organisationId, long teamId) {
		return this.jdbc.sql("select exists (select 1 from team where id = :team and organisation_id = :organisation)")
			.param("organisation", organisationId)
			.param("team", teamId)
			.query(Boolean.class)
			.single();
	}

	/** One challenge with its derived lifecycle status, in the seed's field names. */
	Optional<Map<String, Object>> find(long organisationId, long id) {
		return this.jdbc.sql("""
				select c.id, c.name, c.description, c.metric, c.scope, c.scope_id as scopeid, c.threshold,
				       c.comparator, c.start_date as startdate, c.end_date as enddate,
				       c.reward_points as rewardpoints, c.reward_badge_id as rewardbadgeid,
				       c.prior_period_start as priorperiodstart, c.prior_period_end as priorperiodend,
				       c.streak_threshold as streakthreshold, c.group_filter as groupfilter,
				       c.rule_json as rulejson, coalesce(c.payout_bands, '[]')::text as payoutbands,
				       c.max_winners as maxwinners, c.autoclose::int as autoclose, c.active::int as active,
				       c.closed::int as closed, c.closed_at as closedat, c.created_at as createdat,
				       c.updated_at as updatedat,
				       (select count(*) from challenge_result r where r.challenge_id = c.id) as participants,
				       (select count(*) from challenge_result r where r.challenge_id = c.id and r.met
				        and r.rank < %s) as winners,
				       %s as status
				from challenge c join organisation o on o.id = c.organisation_id
				where c.organisation_id = :organisation and c.id = :id
				""".formatted(PayoutBands.cutoffRank("c.id", "c.max_winners"), STATUS))
			.param("organisation", organisationId)
			.param("id", id)
			.query(Rows::map)
			.optional()
			.map((row) -> {
				row.put("payoutbands", JsonMapper.shared().readValue((String) row.get("payoutbands"), List.class));
				return row;
			});
	}

	/** The bands as stored: a JSON array of {@code fromrank, torank, points}. */
	private static String bandsJson(List<ChallengeFields.PayoutBand> bands) {
		List<Map<String, Object>> rows = bands.stream()
			.map((b) -> Map.<String, Object>of("fromrank", b.fromRank(), "torank", b.toRank(), "points", b.points()))
			.toList();
		return JsonMapper.shared().writeValueAsString(rows);
	}

}
