package dev.podium.edge.webhook;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.podium.edge.auth.Allow;
import dev.podium.edge.web.Paging;
import dev.podium.platform.error.ApiException;
import dev.podium.platform.security.Caller;
import dev.podium.platform.security.Role;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /webhooks/deliveries} (the delivery log: per subscription, status, attempts,
 * last response code, next attempt) and {@code POST /webhooks/deliveries/replay?id=N}
 * (send one again, with the same {@code webhook-id}), for admins.
 */
@RestController
class DeliveryController {

	private static final Set<String> STATUSES = Set.of("pending", "delivered", "failed");

	private final Deliveries deliveries;

	DeliveryController(Deliveries deliveries) {
		this.deliveries = deliveries;
	}

	@GetMapping("/webhooks/deliveries")
	@Allow(Role.ADMIN)
	Map<String, Object> list(@RequestParam(required = false) String subscriptionid,
			@RequestParam(required = false) String status, @RequestParam(required = false) String page,
			@RequestParam(required = false) String perPage, Caller caller) {
		Long subscription = (subscriptionid == null || subscriptionid.isBlank()) ? null
				: Paging.positiveLong("subscriptionid", subscriptionid);
		String state = (status == null || status.isBlank()) ? null : status.strip();
		if (state != null && !STATUSES.contains(state)) {
			throw ApiException.badRequest("status", "status must be pending, delivered or failed");
		}
		Paging paging = Paging.of(page, perPage);
		Deliveries.Filter filter = new Deliveries.Filter(subscription, state);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("success", true);
		body.put("page", paging.page());
		body.put("perPage", paging.perPage());
		body.put("totalrows", this.deliveries.count(caller.organisationId(), filter));
		body.put("rows", this.deliveries.list(caller.organisationId(), filter, paging.page(), paging.perPage()));
		return body;
	}

	/**
	 * Sends a delivery again: pending now, with a fresh retry schedule and the same
	 * {@code webhook-id}; 409 while its subscription is inactive.
	 */
	@PostMapping("/webhooks/deliveries/replay")
	@Allow(Role.ADMIN)
	Map<String, Object> replay(@RequestParam String id, Caller caller) {
		long delivery = Paging.id(id);
		Map<String, Object> found = this.deliveries.find(caller.organisationId(), delivery)
			.orElseThrow(() -> ApiException.notFound("delivery"));
		if (!Boolean.TRUE.equals(found.get("subscriptionactive"))
				|| !this.deliveries.replay(caller.organisationId(), delivery)) {
			throw ApiException.conflict("webhook_inactive",
					"the delivery's subscription is inactive; activate it first");
		}
		Map<String, Object> row = new LinkedHashMap<>(this.deliveries.find(caller.organisationId(), delivery)
			.orElseThrow(() -> ApiException.notFound("delivery")));
		row.remove("subscriptionactive");
		return Map.of("success", true, "id", delivery, "delivery", row);
	}

}
