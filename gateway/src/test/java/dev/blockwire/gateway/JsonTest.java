package dev.blockwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void shouldPrintNumbersAsJavaScriptDoes() {
    // parseFloat("1722521008924147927") / 1e6 in node prints 1722521008924.148
    assertThat(Json.jsNumber(1722521008924147927d / 1e6)).isEqualTo("1722521008924.148");
    assertThat(Json.jsNumber(1.5)).isEqualTo("1.5");
    assertThat(Json.jsNumber(-20)).isEqualTo("-20");
    assertThat(Json.jsNumber(0.1 + 0.2)).isEqualTo("0.30000000000000004");
    assertThat(Json.jsNumber(1e21)).isEqualTo("1e+21");
    assertThat(Json.jsNumber(1e-7)).isEqualTo("1e-7");
    assertThat(Json.jsNumber(123456789e10)).isEqualTo("1234567890000000000");
    assertThat(Json.jsNumber(2e-7)).isEqualTo("2e-7");
    assertThat(Json.jsNumber(0.000001)).isEqualTo("0.000001");
  }

  @Test
  void shouldEscapeQuotedStrings() {
    assertThat(Json.appendQuoted(new StringBuilder(), "a\"b\\c\n").toString()).isEqualTo("\"a\\\"b\\\\c\\n\"");
  }
}
