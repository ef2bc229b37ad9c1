package dev.podium.local;

import dev.podium.platform.organisation.Organisations;
import dev.podium.platform.security.ApiTokens;
import dev.podium.platform.security.Role;

import org.springframework.context.ApplicationContext;

/**
 * The demo organisation of the local stack and a token per role. Tokens are stored only
 * as hashes, so every start issues new ones and revokes the previous start's; a fixed
 * admin token from {@code PODIUM_DEMO_ADMIN_TOKEN} stays valid across starts.
 */
public class DemoOrganisation {

	static final String NAME = "demo";

	private static final String LABEL = "local-stack demo";

	private final Organisations organisations;

	private final ApiTokens apiTokens;

	DemoOrganisation(ApplicationContext edge) {
		this.organisations = edge.getBean(Organisations.class);
		this.apiTokens = edge.getBean(ApiTokens.class);
	}

	Tokens prepare(String fixedAdminToken) {
		long organisation = this.organisations.findByName(NAME).orElseGet(() -> this.organisations.create(NAME, "UTC"));
		this.apiTokens.revokeLabelled(organisation, LABEL);
		String admin;
		if (fixedAdminToken != null) {
			this.apiTokens.register(organisation, fixedAdminToken, Role.ADMIN, null, null, "local-stack fixed admin");
			admin = fixedAdminToken;
		}
		else {
			admin = this.apiTokens.issue(organisation, Role.ADMIN, null, null, LABEL);
		}
		return new Tokens(organisation, admin, this.apiTokens.issue(organisation, Role.COORDINATOR, null, null, LABEL),
				this.apiTokens.issue(organisation, Role.VIEWER, null, null, LABEL),
				this.apiTokens.issue(organisation, Role.PARTICIPANT, 2, 1L, LABEL));
	}

	/** The demo organisation and its tokens. */
	public record Tokens(long organisationId, String admin, String coordinator, String viewer, String participant) {
	}

}
