/**
 * The badge-rule-worker app; its features are the packages below.
 */
package dev.podium.badgeruleworker;
