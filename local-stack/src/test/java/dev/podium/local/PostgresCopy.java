package dev.podium.local;

import java.io.StringReader;
import java.sql.Connection;

import dev.podium.platform.testing.RealInfrastructure;
import org.postgresql.PGConnection;

/**
 * The benchmarks' baseline writer: PostgreSQL's {@code COPY} of CSV lines, the fastest
 * way rows get into a table.
 */
final class PostgresCopy {

	private PostgresCopy() {
	}

	/**
	 * {@code COPY}s CSV lines into a table, on a connection of its own.
	 * @param tableAndColumns e.g. {@code ledger (organisation_id, points)}
	 * @param csv the lines, each ending with a newline
	 * @return how many rows were written
	 */
	static long into(String tableAndColumns, String csv) throws Exception {
		try (Connection connection = RealInfrastructure.dataSource().getConnection()) {
			return connection.unwrap(PGConnection.class)
				.getCopyAPI()
				.copyIn("copy " + tableAndColumns + " from stdin with (format csv)", new StringReader(csv));
		}
	}

}
