package dev.podium.contracts;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * An activity, the fact challenges score: sent by the edge for {@code POST /activities},
 * or produced by integrators straight onto {@link Topics#ACTIVITIES} with the headers
 * {@code ce_id} (any UUID), {@code ce_type} {@value MessageTypes#ACTIVITY_RECORDED} and a
 * JSON body of this record. Keyed by the participant it belongs to,
 * {@code "<type>:<id>"}. Persisting is idempotent by (organisation, id).
 *
 * @param organisationId the organisation
 * @param id the client's id, unique per organisation
 * @param occurredAt when it happened
 * @param participants the participants it belongs to (at least one)
 * @param kind what it is, e.g. {@code observation}, {@code session},
 * {@code training_completion}
 * @param outcome a yes/no result, or null
 * @param value a number (default 1), summed by metric 4
 * @param attributes free attributes that rule filters match
 * @param names display names of its participants, written to the participant directory
 * (optional; absent or null when the activity names nobody)
 */
public record ActivityRecorded(long organisationId, String id, Instant occurredAt, Participants participants,
		String kind, Boolean outcome, BigDecimal value, Map<String, Object> attributes, Names names) {

	/** The wire name of this event. */
	public static final String TYPE = MessageTypes.ACTIVITY_RECORDED;

	/** An activity that names nobody. */
	public ActivityRecorded(long organisationId, String id, Instant occurredAt, Participants participants, String kind,
			Boolean outcome, BigDecimal value, Map<String, Object> attributes) {
		this(organisationId, id, occurredAt, participants, kind, outcome, value, attributes, null);
	}

	/**
	 * Display names of an activity's participants, each for a participant the activity
	 * has; null where it names nobody of that type.
	 *
	 * @param site the site's name
	 * @param unit the unit's name
	 * @param user the user's name
	 * @param group the group's name
	 */
	public record Names(String site, String unit, String user, String group) {

	}

	/**
	 * The participants of an activity, one per type at most.
	 *
	 * @param site a site (type 0)
	 * @param unit a unit (type 1)
	 * @param user a user (type 2)
	 * @param group a group (type 3)
	 */
	public record Participants(Long site, Long unit, Long user, Long group) {

		/**
		 * The key of the participant the activity is keyed by: user, else unit, else
		 * site, else group.
		 */
		public String key() {
			if (this.user != null) {
				return "2:" + this.user;
			}
			if (this.unit != null) {
				return "1:" + this.unit;
			}
			if (this.site != null) {
				return "0:" + this.site;
			}
			return "3:" + this.group;
		}

	}

}
