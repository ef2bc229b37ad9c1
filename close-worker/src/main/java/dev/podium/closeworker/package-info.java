/**
 * The close-worker app; its features are the packages below.
 */
package dev.podium.closeworker;
