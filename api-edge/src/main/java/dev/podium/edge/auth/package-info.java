/**
 * Who is calling and what they may do: the token filter, the role annotation and its
 * enforcement.
 */
package dev.podium.edge.auth;
