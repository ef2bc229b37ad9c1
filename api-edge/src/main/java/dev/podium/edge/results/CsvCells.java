package dev.podium.edge.results;

/**
 * Makes a CSV cell inert for spreadsheets: a cell starting with {@code =}, {@code +},
 * {@code -}, {@code @}, tab or carriage return would be read as a formula (CSV
 * injection), so it gets a leading apostrophe. RFC 4180 quoting is the CSV library's job.
 */
final class CsvCells {

	private CsvCells() {
	}

	static String inert(Object value) {
		if (value == null) {
			return "";
		}
		String text = value.toString();
		if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
			return "'" + text;
		}
		return text;
	}

}
