package dev.podium.edge.challenge;

import java.sql.Date;
import java.util.Map;
import java.util.Optional;

import dev.podium.edge.web.Rows;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The challenge table as the edge reads and writes it. Every statement filters on the
 * organisation.
 */
@Component
class Challenges {

	private final JdbcClient jdbc;

	Challenges(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	long insert(long organisationId, ChallengeFields f) {
		return this.jdbc.sql("""
				insert into challenge (organisation_id, name, description, metric, scope, scope_id, threshold,
				    comparator, start_date, end_date, reward_points, reward_badge_id, prior_period_start,
				    prior_period_end, streak_threshold, group_filter, rule_json, autoclose, active)
				values (:organisation, :name, :description, :metric, :scope, :scopeId, :threshold, :comparator,
				    :startDate, :endDate, :rewardPoints, :rewardBadgeId, :priorStart, :priorEnd, :streakThreshold,
				    :groupFilter, :ruleJson, :autoclose, :active)
				returning id
				""")
			.param("organisation", organisationId)
			.param("name", f.name())
			.param("description", f.description())
			.param("metric", f.metric())
			.param("scope", f.scope())
			.param("scopeId", f.scopeId())
			.param("threshold", f.threshold())
			.param("comparator", f.comparator())
			.param("startDate", Date.valueOf(f.startDate()))
			.param("endDate", Date.valueOf(f.endDate()))
			.param("rewardPoints", f.rewardPoints())
			.param("rewardBadgeId", f.rewardBadgeId())
			.param("priorStart", (f.priorPeriodStart() != null) ? Date.valueOf(f.priorPeriodStart()) : null)
			.param("priorEnd", (f.priorPeriodEnd() != null) ? Date.valueOf(f.priorPeriodEnd()) : null)
			.param("streakThreshold", f.streakThreshold())
			.param("groupFilter", f.groupFilter())
			.param("ruleJson", f.ruleJson())
			.param("autoclose", f.autoclose())
			.param("active", f.active())
			.query(Long.class)
			.single();
	}

	/** Whether a close of the challenge is queued or running. */
	boolean closeInProgress(long organisationId, long id) {
		return this.jdbc.sql("""
				select exists (select 1 from job where organisation_id = :organisation and challenge_id = :id
				               and type = 'close' and status in ('queued', 'running'))
				""").param("organisation", organisationId).param("id", id).query(Boolean.class).single();
	}

	/** One challenge with its derived lifecycle status, in the seed's field names. */
	Optional<Map<String, Object>> find(long organisationId, long id) {
		return this.jdbc.sql("""
				select c.id, c.name, c.description, c.metric, c.scope, c.scope_id as scopeid, c.threshold,
				       c.comparator, c.start_date as startdate, c.end_date as enddate,
				       c.reward_points as rewardpoints, c.reward_badge_id as rewardbadgeid,
				       c.prior_period_start as priorperiodstart, c.prior_period_end as priorperiodend,
				       c.streak_threshold as streakthreshold, c.group_filter as groupfilter,
				       c.rule_json as rulejson, c.autoclose::int as autoclose, c.active::int as active,
				       c.closed::int as closed, c.closed_at as closedat, c.created_at as createdat,
				       case
				           when not c.active and c.closed then 'archived'
				           when not c.active then 'draft'
				           when c.closed or (now() at time zone o.time_zone)::date > c.end_date then 'expired'
				           when (now() at time zone o.time_zone)::date < c.start_date then 'scheduled'
				           else 'live'
				       end as status
				from challenge c join organisation o on o.id = c.organisation_id
				where c.organisation_id = :organisation and c.id = :id
				""").param("organisation", organisationId).param("id", id).query(Rows::map).optional();
	}

}
