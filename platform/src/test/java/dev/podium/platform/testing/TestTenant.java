package dev.podium.platform.testing;

import java.util.UUID;

import dev.podium.platform.organisation.Organisations;
import dev.podium.platform.security.ApiTokens;
import dev.podium.platform.security.Role;

import org.springframework.context.ApplicationContext;

/**
 * A fresh organisation with one token per role, so that tests sharing a database never
 * see each other's data.
 *
 * @param organisationId the organisation
 * @param admin an admin token
 * @param coordinator a coordinator token
 * @param viewer a viewer token
 * @param participant a participant token for participant (2, 1)
 */
public record TestTenant(long organisationId, String admin, String coordinator, String viewer, String participant) {

	public static TestTenant create(ApplicationContext context) {
		Organisations organisations = context.getBean(Organisations.class);
		ApiTokens tokens = context.getBean(ApiTokens.class);
		long organisation = organisations.create("test-" + UUID.randomUUID(), "UTC");
		return new TestTenant(organisation, tokens.issue(organisation, Role.ADMIN, null, null, "test"),
				tokens.issue(organisation, Role.COORDINATOR, null, null, "test"),
				tokens.issue(organisation, Role.VIEWER, null, null, "test"),
				tokens.issue(organisation, Role.PARTICIPANT, 2, 1L, "test"));
	}

}
