/**
 * The local stack: the whole system in one JVM on embedded infrastructure.
 */
package dev.podium.local;
