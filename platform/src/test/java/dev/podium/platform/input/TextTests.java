package dev.podium.platform.input;

import dev.podium.platform.error.ApiException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What {@link Text} keeps and refuses, and how long it says a text is.
 */
class TextTests {

	@Test
	void aCharacterOutsideTheBmpIsOneCharacterLongAsTheDocumentCountsIt() {
		assertThat(Text.length("x".repeat(199) + "\uD83D\uDE00")).isEqualTo(200);
		assertThat(Text.length("e\u0301")).isEqualTo(2);
		assertThat(Text.length("")).isZero();
	}

	@Test
	void tabLineBreaksEmojiCombiningMarksAndRightToLeftTextAreKept() {
		for (String text : new String[] { "a\tb", "a\r\nb", "\uD83D\uDE00", "e\u0301", "\u05E9\u05DC\u200F" }) {
			assertThat(Text.problem(text)).as(text).isNull();
		}
	}

	@Test
	void nulOtherControlsAndLoneSurrogatesAreRefusedNamingTheField() {
		assertThat(Text.problem("a\u0000b")).isEqualTo("contains the control character U+0000");
		assertThat(Text.problem("a\u009Fb")).isEqualTo("contains the control character U+009F");
		assertThat(Text.problem("a\uD800b")).isEqualTo("contains a lone surrogate U+D800");
		assertThat(Text.problem("a\uDC00")).isEqualTo("contains a lone surrogate U+DC00");
		assertThatThrownBy(() -> Text.check("name", "a\u0007")).isInstanceOf(ApiException.class)
			.hasMessageContaining("name contains the control character U+0007");
	}

	@Test
	void aTextOfTheMaximumLengthInCodePointsIsTakenAndOneMoreIsRefusedNamingTheField() {
		String longest = "x".repeat(199) + "\uD83D\uDE00";
		assertThat(Text.atMost("name", longest, 200)).isSameAs(longest);
		assertThat(Text.atMost("name", null, 200)).isNull();
		assertThatThrownBy(() -> Text.atMost("name", longest + "x", 200)).isInstanceOf(ApiException.class)
			.hasMessageContaining("name is longer than 200 characters");
	}

}
