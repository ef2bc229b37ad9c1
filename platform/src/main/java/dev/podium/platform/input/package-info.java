/**
 * The rules every text a client sends is held to before it is stored: the characters
 * PostgreSQL keeps exactly as sent (decision 12).
 */
package dev.podium.platform.input;
