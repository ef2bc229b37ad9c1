package dev.podium.badgeruleworker.rules;

/**
 * A participant concerned by an event, with the activity kind it is concerned by (null
 * for points and closes).
 *
 * @param organisationId the organisation
 * @param type the participant type (0 site, 1 unit, 2 user, 3 group, 4 team)
 * @param id the participant id
 * @param kind the kind of the activity that concerns it, or null
 */
record Participant(long organisationId, int type, long id, String kind) {

}
