package dev.podium.edge.web;

import java.io.IOException;

/**
 * A request body over the edge's limit; answered with 413.
 */
public class PayloadTooLarge extends IOException {

	PayloadTooLarge(long limit) {
		super("the request body is larger than " + limit + " bytes");
	}

}
