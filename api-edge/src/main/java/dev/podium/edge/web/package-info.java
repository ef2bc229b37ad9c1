/**
 * HTTP plumbing of the edge: the one error handler, the body limit, filter and
 * interceptor wiring.
 */
package dev.podium.edge.web;
