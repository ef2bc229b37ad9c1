package dev.podium.badgeruleworker.rules;

import java.util.Map;
import java.util.TreeMap;

/**
 * What grant statements wrote in one transaction: per organisation, how many grants and
 * the range of their ids (other transactions' grants may lie in the range).
 */
final class Written {

	private final Map<Long, Range> byOrganisation = new TreeMap<>();

	void add(Range range) {
		this.byOrganisation.merge(range.organisationId(), range, (a, b) -> new Range(a.organisationId(),
				a.granted() + b.granted(), Math.min(a.first(), b.first()), Math.max(a.last(), b.last())));
	}

	Map<Long, Range> byOrganisation() {
		return this.byOrganisation;
	}

	long granted() {
		return this.byOrganisation.values().stream().mapToLong(Range::granted).sum();
	}

	/** Grants of one organisation: how many, and their lowest and highest ids. */
	record Range(long organisationId, long granted, long first, long last) {

	}

}
