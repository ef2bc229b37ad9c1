package dev.podium.edge.badge;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.podium.edge.web.Paging;
import dev.podium.edge.web.RequestFields;
import dev.podium.edge.auth.Allow;
import dev.podium.edge.job.JobAnswers;
import dev.podium.platform.error.ApiException;
import dev.podium.platform.security.Caller;
import dev.podium.platform.security.Role;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code /badges/auto-rules[?id=N]}: badge auto-rules {@code (badgeid, ruletype,
 * threshold, kind)}. Creating the rule of a (badge, ruletype) pair that already has one
 * updates its threshold and kind (200; 201 when new). Rule types 3 and 4 (activities of a
 * kind) need {@code kind}; the others refuse it. A new rule, a lowered threshold or a
 * changed kind queues a back-fill job (its id is the answer's {@code jobid}, null when
 * none was queued); {@code POST /badges/auto-rules/preview?id=N} queues a preview of it.
 * Delete marks the rule deleted; its grants stay. The badge-rule-worker evaluates the
 * rules.
 */
@RestController
class AutoRuleController {

	static final int MAX_KIND = 100;

	private final AutoRules rules;

	private final AutoRuleCommands commands;

	private final Badges badges;

	private final JobAnswers answers;

	AutoRuleController(AutoRules rules, AutoRuleCommands commands, Badges badges, JobAnswers answers) {
		this.rules = rules;
		this.commands = commands;
		this.badges = badges;
		this.answers = answers;
	}

	@GetMapping(path = "/badges/auto-rules", params = "!id")
	@Allow({ Role.ADMIN, Role.COORDINATOR, Role.VIEWER })
	Map<String, Object> list(@RequestParam(required = false) String badgeid,
			@RequestParam(required = false) String page, @RequestParam(required = false) String perPage,
			Caller caller) {
		Paging paging = Paging.of(page, perPage);
		Long badge = (badgeid == null || badgeid.isBlank()) ? null : Paging.positiveLong("badgeid", badgeid);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("success", true);
		body.put("page", paging.page());
		body.put("perPage", paging.perPage());
		body.put("totalrows", this.rules.count(caller.organisationId(), badge));
		body.put("rows", this.rules.list(caller.organisationId(), badge, paging.page(), paging.perPage()));
		return body;
	}

	@GetMapping(path = "/badges/auto-rules", params = "id")
	@Allow({ Role.ADMIN, Role.COORDINATOR, Role.VIEWER })
	Map<String, Object> rule(@RequestParam String id, Caller caller) {
		return answer(Paging.id(id), caller);
	}

	/** Create, or update the pair's live rule: fields in the body or the query string. */
	@PostMapping("/badges/auto-rules")
	@Allow(Role.ADMIN)
	ResponseEntity<Map<String, Object>> create(@RequestParam MultiValueMap<String, String> query,
			@RequestBody(required = false) JsonNode body, Caller caller) {
		RequestFields in = RequestFields.of(query, body);
		Long badgeId = in.integer("badgeid", 1, Long.MAX_VALUE, "badgeid must be a positive integer");
		if (badgeId == null) {
			throw ApiException.badRequest("badgeid", "badgeid is required");
		}
		if (this.badges.activeName(caller.organisationId(), badgeId).isEmpty()) {
			throw ApiException.badRequest("badgeid", "badgeid is not an active badge of this organisation");
		}
		Long ruleType = in.integer("ruletype", 0, 4,
				"ruletype must be 0 (challenges won), 1 (consecutive wins), 2 (lifetime points), "
						+ "3 (activities of a kind) or 4 (daily streak of a kind)");
		if (ruleType == null) {
			throw ApiException.badRequest("ruletype", "ruletype is required");
		}
		Long threshold = in.integer("threshold", 1, Long.MAX_VALUE, "threshold must be a positive integer");
		if (threshold == null) {
			throw ApiException.badRequest("threshold", "threshold is required");
		}
		String kind = in.text("kind", MAX_KIND);
		if (ruleType >= 3 && kind == null) {
			throw ApiException.badRequest("kind", "ruletype " + ruleType + " needs the activity kind");
		}
		if (ruleType < 3 && kind != null) {
			throw ApiException.badRequest("kind", "kind applies only to ruletype 3 and 4");
		}
		AutoRuleCommands.Written rule = this.commands.write(caller.organisationId(), badgeId, ruleType.intValue(),
				threshold, kind);
		Map<String, Object> answer = answer(rule.id(), caller);
		answer.put("jobid", rule.jobId());
		return ResponseEntity.status(rule.inserted() ? HttpStatus.CREATED : HttpStatus.OK).body(answer);
	}

	/**
	 * Queues a preview of the rule's back-fill: the job's result is {@code {ruleid,
	 * wouldgrant}}, and nothing is written.
	 */
	@PostMapping(path = "/badges/auto-rules/preview", params = "id")
	@Allow({ Role.ADMIN, Role.COORDINATOR })
	ResponseEntity<Object> preview(@RequestParam String id,
			@RequestHeader(name = "Prefer", required = false) String prefer, Caller caller) {
		long jobId = this.commands.requestPreview(caller.organisationId(), Paging.id(id));
		return this.answers.accepted(caller.organisationId(), jobId, prefer);
	}

	@DeleteMapping(path = "/badges/auto-rules", params = "id")
	@Allow(Role.ADMIN)
	Map<String, Object> delete(@RequestParam String id, Caller caller) {
		long ruleId = Paging.id(id);
		if (!this.rules.delete(caller.organisationId(), ruleId)) {
			throw ApiException.notFound("rule");
		}
		return Map.of("success", true, "id", ruleId);
	}

	private Map<String, Object> answer(long id, Caller caller) {
		Map<String, Object> rule = this.rules.find(caller.organisationId(), id)
			.orElseThrow(() -> ApiException.notFound("rule"));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("success", true);
		body.put("id", id);
		body.put("rule", rule);
		return body;
	}

}
