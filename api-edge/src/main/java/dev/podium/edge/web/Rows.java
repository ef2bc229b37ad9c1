package dev.podium.edge.web;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps a row to an ordered map of its columns for the wire: dates as {@code YYYY-MM-DD},
 * timestamps as ISO instants, numerics without trailing zeros.
 */
public final class Rows {

	private Rows() {
	}

	public static Map<String, Object> map(ResultSet rs, int row) throws SQLException {
		ResultSetMetaData meta = rs.getMetaData();
		Map<String, Object> out = new LinkedHashMap<>();
		for (int i = 1; i <= meta.getColumnCount(); i++) {
			out.put(meta.getColumnLabel(i), wire(rs.getObject(i)));
		}
		return out;
	}

	static Object wire(Object value) {
		if (value instanceof Date date) {
			return date.toLocalDate().toString();
		}
		if (value instanceof Timestamp ts) {
			return ts.toInstant().toString();
		}
		if (value instanceof BigDecimal n) {
			BigDecimal plain = n.stripTrailingZeros();
			return (plain.scale() < 0) ? plain.setScale(0) : plain;
		}
		return value;
	}

}
