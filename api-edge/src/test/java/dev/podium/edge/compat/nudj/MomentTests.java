package dev.podium.edge.compat.nudj;

import java.time.LocalDate;
import java.time.ZoneId;

import dev.podium.platform.error.ApiException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MomentTests {

	private static final ZoneId OSLO = ZoneId.of("Europe/Oslo");

	@Test
	void aStartIsTheDayItFallsOnInTheOrganisationsTimeZone() {
		assertThat(Moment.parse("startsAt", "2026-09-30T22:00:00.000Z").startDate(OSLO))
			.isEqualTo(LocalDate.of(2026, 10, 1));
		assertThat(Moment.parse("startsAt", "2026-09-30T21:59:59Z").startDate(OSLO))
			.isEqualTo(LocalDate.of(2026, 9, 30));
		assertThat(Moment.parse("startsAt", "2026-10-01T08:00:00+02:00").startDate(ZoneId.of("UTC")))
			.isEqualTo(LocalDate.of(2026, 10, 1));
		assertThat(Moment.parse("startsAt", "2026-10-01").startDate(OSLO)).isEqualTo(LocalDate.of(2026, 10, 1));
		assertThat(Moment.parse("startsAt", "2026-10-01T00:00:00").startDate(OSLO))
			.isEqualTo(LocalDate.of(2026, 10, 1));
	}

	@Test
	void anExpiryAtMidnightEndsTheDayBeforeAndAnyOtherTimeItsOwnDay() {
		assertThat(Moment.parse("expiresAt", "2026-10-31T23:00:00.000Z").endDate(OSLO))
			.isEqualTo(LocalDate.of(2026, 10, 31));
		assertThat(Moment.parse("expiresAt", "2026-11-01T00:00:00.000Z").endDate(ZoneId.of("UTC")))
			.isEqualTo(LocalDate.of(2026, 10, 31));
		assertThat(Moment.parse("expiresAt", "2026-11-01T00:00:01Z").endDate(ZoneId.of("UTC")))
			.isEqualTo(LocalDate.of(2026, 11, 1));
		assertThat(Moment.parse("expiresAt", "2026-10-31").endDate(OSLO)).isEqualTo(LocalDate.of(2026, 10, 31));
	}

	@Test
	void anythingElseIsRefusedNamingTheField() {
		for (String bad : new String[] { "yesterday", "2026-13-01", "2026-10-01T25:00:00Z", "<string>", "" }) {
			assertThatThrownBy(() -> Moment.parse("expiresAt", bad)).as(bad)
				.isInstanceOfSatisfying(ApiException.class,
						(ex) -> assertThat(ex.error().field()).isEqualTo("expiresAt"));
		}
	}

}
