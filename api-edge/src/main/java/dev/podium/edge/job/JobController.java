package dev.podium.edge.job;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.podium.edge.auth.Allow;
import dev.podium.edge.web.Paging;
import dev.podium.platform.error.ApiException;
import dev.podium.platform.job.Job;
import dev.podium.platform.job.JobStatus;
import dev.podium.platform.job.Jobs;
import dev.podium.platform.security.Caller;
import dev.podium.platform.security.Role;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /jobs/{id}}, {@code GET /jobs}, {@code POST /jobs/cancel?id=N}.
 */
@RestController
class JobController {

	private final Jobs jobs;

	JobController(Jobs jobs) {
		this.jobs = jobs;
	}

	@GetMapping("/jobs/{id}")
	@Allow({ Role.ADMIN, Role.COORDINATOR, Role.VIEWER })
	JobView job(@PathVariable String id, Caller caller) {
		return JobView.of(find(caller, Paging.id(id)));
	}

	@GetMapping("/jobs")
	@Allow({ Role.ADMIN, Role.COORDINATOR, Role.VIEWER })
	Map<String, Object> jobs(@RequestParam(required = false) String status, @RequestParam(required = false) String type,
			@RequestParam(required = false) String challengeid, @RequestParam(required = false) String page,
			@RequestParam(required = false) String perPage, Caller caller) {
		Paging paging = Paging.of(page, perPage);
		JobStatus wanted = parseStatus(status);
		Long challenge = (challengeid == null || challengeid.isBlank()) ? null
				: Paging.positiveLong("challengeid", challengeid);
		List<JobView> rows = this.jobs
			.list(caller.organisationId(), wanted, type, challenge, paging.page(), paging.perPage())
			.stream()
			.map(JobView::of)
			.toList();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("success", true);
		body.put("page", paging.page());
		body.put("perPage", paging.perPage());
		body.put("totalrows", this.jobs.count(caller.organisationId(), wanted, type, challenge));
		body.put("rows", rows);
		return body;
	}

	@PostMapping("/jobs/cancel")
	@Allow(Role.ADMIN)
	Map<String, Object> cancel(@RequestParam String id, Caller caller) {
		Job job = find(caller, Paging.id(id));
		if (!this.jobs.cancel(job.id())) {
			throw ApiException.conflict("job_not_queued", "only a queued job can be canceled");
		}
		return Map.of("success", true, "jobid", job.id(), "status", JobStatus.CANCELED.wireName());
	}

	private Job find(Caller caller, long id) {
		return this.jobs.find(caller.organisationId(), id).orElseThrow(() -> ApiException.notFound("job"));
	}

	private static JobStatus parseStatus(String status) {
		if (status == null || status.isBlank()) {
			return null;
		}
		try {
			return JobStatus.fromWireName(status.strip());
		}
		catch (IllegalArgumentException ex) {
			throw ApiException.badRequest("status", "status must be queued, running, succeeded, failed or canceled");
		}
	}

}
