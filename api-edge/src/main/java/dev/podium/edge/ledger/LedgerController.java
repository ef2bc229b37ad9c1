package dev.podium.edge.ledger;

import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.podium.edge.auth.Allow;
import dev.podium.edge.job.JobAnswers;
import dev.podium.edge.web.Paging;
import dev.podium.platform.organisation.Organisations;
import dev.podium.platform.security.Caller;
import dev.podium.platform.security.Role;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /challenges/points} (the ledger, with totals over the whole filter),
 * {@code POST /challenges/points/spend} (redeem, expire, adjust) and
 * {@code POST /challenges/points/expire} (run the expiry policy now, as a job).
 */
@RestController
class LedgerController {

	private final PointsLedger ledger;

	private final PointsSpending spending;

	private final JobAnswers answers;

	private final Organisations organisations;

	LedgerController(PointsLedger ledger, PointsSpending spending, JobAnswers answers, Organisations organisations) {
		this.ledger = ledger;
		this.spending = spending;
		this.answers = answers;
		this.organisations = organisations;
	}

	/**
	 * The ledger, newest first ({@link LedgerFilter} has the filters): {@code rows},
	 * {@code totalrows} and {@code totalpoints} over the whole filter (not the page),
	 * {@code page}, {@code perPage}.
	 */
	@GetMapping("/challenges/points")
	@Allow({ Role.ADMIN, Role.COORDINATOR, Role.VIEWER, Role.PARTICIPANT })
	Map<String, Object> list(@RequestParam Map<String, String> query, Caller caller) {
		Paging paging = Paging.of(query.get("page"), query.get("perPage"));
		LedgerFilter filter = LedgerFilter.parse(query, caller);
		long organisation = caller.organisationId();
		ZoneId zone = filter.timed() ? this.organisations.timeZone(organisation) : null;
		Instant[] bounds = filter.bounds(zone);
		PointsLedger.Totals totals = this.ledger.totals(organisation, filter, bounds);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("success", true);
		body.put("page", paging.page());
		body.put("perPage", paging.perPage());
		body.put("totalrows", totals.rows());
		body.put("totalpoints", totals.points());
		body.put("rows", this.ledger.list(organisation, filter, bounds, paging.page(), paging.perPage()));
		return body;
	}

	/**
	 * Records a redeem (reason 1), an expiry (2) or an adjustment (3, with
	 * {@code direction}); fields in the body or the query string (the body wins). 201
	 * with the row and the new {@code balance}; a debit beyond the balance is a 409 with
	 * the current {@code balance}.
	 */
	@PostMapping("/challenges/points/spend")
	@Allow(Role.ADMIN)
	ResponseEntity<Map<String, Object>> spend(@RequestParam MultiValueMap<String, String> query,
			@RequestBody(required = false) Map<String, Object> body, Caller caller) {
		Map<String, Object> fields = new HashMap<>(query.toSingleValueMap());
		if (body != null) {
			fields.putAll(body);
		}
		PointsSpending.Spent spent = this.spending.spend(caller.organisationId(), SpendRequest.parse(fields));
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("success", true);
		answer.put("row", spent.row());
		answer.put("balance", spent.balance());
		return ResponseEntity.status(HttpStatus.CREATED).body(answer);
	}

	/** Runs the organisation's points expiry now: 202 with the job. */
	@PostMapping("/challenges/points/expire")
	@Allow(Role.ADMIN)
	ResponseEntity<Object> expire(@RequestHeader(name = "Prefer", required = false) String prefer, Caller caller) {
		long jobId = this.spending.requestExpiry(caller.organisationId());
		return this.answers.accepted(caller.organisationId(), jobId, prefer);
	}

}
