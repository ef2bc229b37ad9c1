package dev.podium.edge.web;

import dev.podium.platform.error.ApiException;

/**
 * The seed's paging parameters: {@code page} from 1, {@code perPage} from 1 to 1000
 * (default 50).
 *
 * @param page the 1-based page
 * @param perPage rows per page
 */
public record Paging(int page, int perPage) {

	public static final int MAX_PER_PAGE = 1000;

	public static final int DEFAULT_PER_PAGE = 50;

	public static Paging of(String page, String perPage) {
		int p = (page == null || page.isBlank()) ? 1 : positive("page", page, Integer.MAX_VALUE);
		int pp = (perPage == null || perPage.isBlank()) ? DEFAULT_PER_PAGE : positive("perPage", perPage, MAX_PER_PAGE);
		return new Paging(p, pp);
	}

	/**
	 * Parses a record id, naming the {@code id} parameter when it is not a positive
	 * integer.
	 */
	public static long id(String id) {
		return positiveLong("id", id);
	}

	public static long positiveLong(String field, String value) {
		try {
			long n = Long.parseLong(value.strip());
			if (n >= 1) {
				return n;
			}
		}
		catch (NumberFormatException | NullPointerException ex) {
			// answered below
		}
		throw ApiException.badRequest(field, field + " must be a positive integer");
	}

	private static int positive(String field, String value, int max) {
		long n = positiveLong(field, value);
		if (n > max) {
			throw ApiException.badRequest(field, field + " must be between 1 and " + max);
		}
		return (int) n;
	}

}
