package dev.podium.edge.ledger;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.podium.edge.web.Rows;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The ledger as the edge reads and writes it. Every statement filters on the
 * organisation. The listing's WHERE clause is assembled from fixed fragments, one per
 * filter that was sent, so that each filter shape gets its own plan (an
 * {@code (:x is null or column = :x)} predicate would keep a generic plan off the
 * indexes).
 */
@Component
class PointsLedger {

	/** A listed row; the spend answers the same shape. */
	static final String ROW = """
			select l.id, l.created_at as createdat, l.challenge_id as challengeid,
			       l.participant_type as participanttype, l.participant_id as participantid,
			       p.name as participantname, l.points, l.reason,
			       case l.reason when 0 then 'earned' when 1 then 'redeemed' when 2 then 'expired' else 'adjusted' end
			           as reasonlabel,
			       l.notes
			from ledger l
			left join participant p on p.organisation_id = l.organisation_id and p.participant_type = l.participant_type
			     and p.participant_id = l.participant_id
			""";

	private final JdbcClient jdbc;

	PointsLedger(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A page of the filtered rows, newest first. */
	List<Map<String, Object>> list(long organisationId, LedgerFilter filter, Instant[] bounds, int page, int perPage) {
		Where where = where(organisationId, filter, bounds);
		return this.jdbc.sql(ROW + where.sql() + " order by l.id desc limit :limit offset :offset")
			.params(where.params())
			.param("limit", perPage)
			.param("offset", (long) (page - 1) * perPage)
			.query(Rows::map)
			.list();
	}

	/** How many rows the filter matches and the sum of their points. */
	Totals totals(long organisationId, LedgerFilter filter, Instant[] bounds) {
		Where where = where(organisationId, filter, bounds);
		return this.jdbc.sql("select count(*), coalesce(sum(l.points), 0) from ledger l " + where.sql())
			.params(where.params())
			.query((rs, n) -> new Totals(rs.getLong(1), rs.getLong(2)))
			.single();
	}

	/**
	 * Locks a participant's points account, creating it on first use: every debit of the
	 * participant takes this lock before it reads the balance, so debits run one after
	 * another and each sees the balance the previous one left.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	void lockAccount(long organisationId, int participantType, long participantId) {
		Map<String, Object> params = Map.of("organisation", organisationId, "type", participantType, "id",
				participantId);
		if (lock(params)) {
			return;
		}
		this.jdbc.sql("""
				insert into points_account (organisation_id, participant_type, participant_id)
				values (:organisation, :type, :id)
				on conflict do nothing
				""").params(params).update();
		if (!lock(params)) {
			throw new IllegalStateException("points account " + participantType + ":" + participantId + " missing");
		}
	}

	private boolean lock(Map<String, Object> params) {
		return this.jdbc.sql("""
				select 1 from points_account
				where organisation_id = :organisation and participant_type = :type and participant_id = :id
				for update
				""").params(params).query(Integer.class).optional().isPresent();
	}

	/** A participant's balance: the sum of its rows. */
	long balance(long organisationId, int participantType, long participantId) {
		return this.jdbc.sql("""
				select coalesce(sum(points), 0) from ledger
				where organisation_id = :organisation and participant_type = :type and participant_id = :id
				""")
			.param("organisation", organisationId)
			.param("type", participantType)
			.param("id", participantId)
			.query(Long.class)
			.single();
	}

	/** Appends a row (no challenge) and answers it as the listing shows it. */
	@Transactional(propagation = Propagation.MANDATORY)
	Map<String, Object> append(long organisationId, SpendRequest spend, Instant at) {
		return this.jdbc
			.sql("with l as ("
					+ """
							insert into ledger (organisation_id, created_at, participant_type, participant_id, points, reason, notes)
							values (:organisation, :at, :type, :id, :points, :reason, :notes)
							returning *
							"""
					+ ") " + ROW.replace("from ledger l", "from l"))
			.param("organisation", organisationId)
			.param("at", Timestamp.from(at))
			.param("type", spend.participantType())
			.param("id", spend.participantId())
			.param("points", spend.signedPoints())
			.param("reason", spend.reason())
			.param("notes", spend.notes())
			.query(Rows::map)
			.single();
	}

	/** Whether an organisation has a points expiry policy. */
	boolean expires(long organisationId) {
		return this.jdbc.sql("select points_expiry_days is not null from organisation where id = :organisation")
			.param("organisation", organisationId)
			.query(Boolean.class)
			.single();
	}

	private static Where where(long organisationId, LedgerFilter filter, Instant[] bounds) {
		List<String> conditions = new ArrayList<>(List.of("l.organisation_id = :organisation"));
		Map<String, Object> params = new HashMap<>();
		params.put("organisation", organisationId);
		if (filter.participantType() != null) {
			conditions.add("l.participant_type = :type");
			params.put("type", filter.participantType());
		}
		if (filter.participantId() != null) {
			conditions.add("l.participant_id = :id");
			params.put("id", filter.participantId());
		}
		if (filter.challengeId() != null) {
			conditions.add("l.challenge_id = :challenge");
			params.put("challenge", filter.challengeId());
		}
		if (filter.reason() != null) {
			conditions.add("l.reason = :reason");
			params.put("reason", filter.reason());
		}
		if (bounds[0] != null) {
			conditions.add("l.created_at >= :from");
			params.put("from", Timestamp.from(bounds[0]));
		}
		if (bounds[1] != null) {
			conditions.add("l.created_at < :to");
			params.put("to", Timestamp.from(bounds[1]));
		}
		return new Where(" where " + String.join(" and ", conditions), params);
	}

	private record Where(String sql, Map<String, Object> params) {

	}

	/**
	 * What a filter matches in all.
	 *
	 * @param rows how many rows
	 * @param points the sum of their points
	 */
	record Totals(long rows, long points) {

	}

}
