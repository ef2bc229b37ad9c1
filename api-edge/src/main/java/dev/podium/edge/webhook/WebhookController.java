package dev.podium.edge.webhook;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.podium.edge.auth.Allow;
import dev.podium.edge.idempotency.IdempotencyFilter;
import dev.podium.edge.web.Paging;
import dev.podium.edge.web.RequestFields;
import dev.podium.platform.error.ApiException;
import dev.podium.platform.security.Caller;
import dev.podium.platform.security.Role;
import dev.podium.platform.webhook.WebhookSecrets;
import dev.podium.platform.webhook.WebhookSettings;
import dev.podium.platform.webhook.WebhookUrls;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code /webhooks[?id=N]}: subscriptions {@code (url, events, active, description)}, for
 * admins. The signing secret is generated on create and on {@code POST /webhooks/rotate}
 * and shown only in that answer (a replay of the request by its Idempotency-Key answers
 * without it). An update changes only the fields sent; a URL sent is checked against the
 * address policy again.
 */
@RestController
class WebhookController {

	private static final Logger log = LoggerFactory.getLogger(WebhookController.class);

	private final Subscriptions subscriptions;

	private final WebhookSecrets secrets;

	private final WebhookUrls urls;

	private final WebhookSettings settings;

	WebhookController(Subscriptions subscriptions, WebhookSecrets secrets, WebhookUrls urls, WebhookSettings settings) {
		this.subscriptions = subscriptions;
		this.secrets = secrets;
		this.urls = urls;
		this.settings = settings;
	}

	@GetMapping(path = "/webhooks", params = "!id")
	@Allow(Role.ADMIN)
	Map<String, Object> list(@RequestParam(required = false) String page,
			@RequestParam(required = false) String perPage, Caller caller) {
		Paging paging = Paging.of(page, perPage);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("success", true);
		body.put("page", paging.page());
		body.put("perPage", paging.perPage());
		body.put("totalrows", this.subscriptions.count(caller.organisationId()));
		body.put("rows", this.subscriptions.list(caller.organisationId(), paging.page(), paging.perPage()));
		return body;
	}

	@GetMapping(path = "/webhooks", params = "id")
	@Allow(Role.ADMIN)
	Map<String, Object> subscription(@RequestParam String id, Caller caller) {
		return answer(caller, Paging.id(id));
	}

	/** Create: fields in the body or the query string; answers the secret once. */
	@PostMapping("/webhooks")
	@Allow(Role.ADMIN)
	ResponseEntity<Map<String, Object>> create(@RequestParam MultiValueMap<String, String> query,
			@RequestBody(required = false) JsonNode body, Caller caller, HttpServletRequest request) {
		SubscriptionFields fields = SubscriptionFields.parse(RequestFields.of(query, body), SubscriptionFields.DEFAULTS,
				this.urls);
		String secret = this.secrets.generate();
		long id = this.subscriptions.create(caller.organisationId(), fields,
				this.secrets.seal(caller.organisationId(), secret));
		log.info("Webhook subscription {} created for organisation {}", id, caller.organisationId());
		Map<String, Object> answer = answer(caller, id);
		IdempotencyFilter.recordInstead(request, withSecret(answer, null));
		return ResponseEntity.status(HttpStatus.CREATED).body(withSecret(answer, secret));
	}

	@PutMapping(path = "/webhooks", params = "id")
	@Allow(Role.ADMIN)
	Map<String, Object> update(@RequestParam MultiValueMap<String, String> query,
			@RequestBody(required = false) JsonNode body, Caller caller) {
		long id = Paging.id(query.getFirst("id"));
		SubscriptionFields stored = this.subscriptions.stored(caller.organisationId(), id)
			.orElseThrow(() -> ApiException.notFound("webhook"));
		SubscriptionFields fields = SubscriptionFields.parse(RequestFields.of(query, body), stored, this.urls);
		if (!this.subscriptions.change(caller.organisationId(), id, fields)) {
			throw ApiException.notFound("webhook");
		}
		return answer(caller, id);
	}

	/** Deletes the subscription and its delivery log. */
	@DeleteMapping(path = "/webhooks", params = "id")
	@Allow(Role.ADMIN)
	Map<String, Object> delete(@RequestParam String id, Caller caller) {
		long subscription = Paging.id(id);
		if (!this.subscriptions.delete(caller.organisationId(), subscription)) {
			throw ApiException.notFound("webhook");
		}
		log.info("Webhook subscription {} deleted for organisation {}", subscription, caller.organisationId());
		return Map.of("success", true, "id", subscription, "deleted", true);
	}

	/**
	 * A new signing secret, shown once; the previous one keeps signing (a second
	 * signature) until {@code previoussecretexpiresat}.
	 */
	@PostMapping("/webhooks/rotate")
	@Allow(Role.ADMIN)
	Map<String, Object> rotate(@RequestParam String id, Caller caller, HttpServletRequest request) {
		long subscription = Paging.id(id);
		String secret = this.secrets.generate();
		Instant expires = this.subscriptions
			.rotate(caller.organisationId(), subscription, this.secrets.seal(caller.organisationId(), secret),
					this.settings.rotationWindow())
			.orElseThrow(() -> ApiException.notFound("webhook"));
		log.info("Webhook subscription {} of organisation {}: secret rotated", subscription, caller.organisationId());
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("success", true);
		answer.put("id", subscription);
		answer.put("previoussecretexpiresat", expires.toString());
		IdempotencyFilter.recordInstead(request, withSecret(answer, null));
		return withSecret(answer, secret);
	}

	private Map<String, Object> answer(Caller caller, long id) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("success", true);
		body.put("id", id);
		body.put("webhook", this.subscriptions.find(caller.organisationId(), id)
			.orElseThrow(() -> ApiException.notFound("webhook")));
		return body;
	}

	/**
	 * The answer with the secret, or with {@code "secret": null} and a note for a
	 * replayed request.
	 */
	private static Map<String, Object> withSecret(Map<String, Object> answer, String secret) {
		Map<String, Object> body = new LinkedHashMap<>(answer);
		body.put("secret", secret);
		if (secret == null) {
			body.put("note", "the secret is shown only in the first answer; rotate it to get a new one");
		}
		return body;
	}

}
