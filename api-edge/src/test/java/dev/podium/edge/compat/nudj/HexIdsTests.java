package dev.podium.edge.compat.nudj;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HexIdsTests {

	@Test
	void anIdIsItsIntegerIn24LowerCaseHexDigits() {
		assertThat(HexIds.of(42)).isEqualTo("00000000000000000000002a");
		assertThat(HexIds.of(Long.MAX_VALUE)).isEqualTo("00000000" + "7fffffffffffffff");
	}

	@Test
	void upperCaseIsAcceptedOnInput() {
		assertThat(HexIds.parse("00000000000000000000002A")).contains(42L);
		assertThat(HexIds.parse("00000000000000000000002a")).contains(42L);
	}

	@Test
	void idsThatAreNotOursAreEmpty() {
		assertThat(HexIds.parse("000000000000000000000000")).isEmpty();
		assertThat(HexIds.parse("ffffffffffffffffffffffff")).isEmpty();
		assertThat(HexIds.parse("00000000ffffffffffffffff")).isEmpty();
		assertThat(HexIds.parse("00000001000000000000002a")).isEmpty();
		assertThat(HexIds.parse("2a")).isEmpty();
		assertThat(HexIds.parse("00000000000000000000002g")).isEmpty();
		assertThat(HexIds.parse("0000000000000000000000002a")).isEmpty();
		assertThat(HexIds.parse(null)).isEmpty();
	}

}
