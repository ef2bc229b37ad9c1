package dev.podium.edge.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.podium.platform.security.Role;

/**
 * The roles that may call a route (PRODUCT.md's role table). A route without it is for
 * admins only.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
public @interface Allow {

	Role[] value();

}
