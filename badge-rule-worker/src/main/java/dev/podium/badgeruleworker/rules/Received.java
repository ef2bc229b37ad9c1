package dev.podium.badgeruleworker.rules;

import java.util.UUID;

/**
 * A decoded message: its id (the inbox key), its type, and its body.
 *
 * @param <T> the body's record
 * @param id the {@code ce_id}
 * @param type the {@code ce_type}
 * @param body the decoded body
 */
record Received<T>(UUID id, String type, T body) {

}
