package dev.podium.platform.job;

import java.util.Locale;

/**
 * Where a job is: {@code queued}, {@code running}, or one of the end states.
 */
public enum JobStatus {

	QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELED;

	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	public boolean isFinished() {
		return this == SUCCEEDED || this == FAILED || this == CANCELED;
	}

	public static JobStatus fromWireName(String name) {
		return valueOf(name.toUpperCase(Locale.ROOT));
	}

}
