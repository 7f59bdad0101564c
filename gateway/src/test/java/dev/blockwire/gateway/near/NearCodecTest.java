package dev.blockwire.gateway.near;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class NearCodecTest {

  final NearCodec codec = new NearCodec(50, 5);

  static String frame(NearRequest request) {
    assertThat(request).isInstanceOf(NearRequest.Rejected.class);
    return ((NearRequest.Rejected) request).errorFrame();
  }

  @Test
  void shouldAcceptTheDocumentedSubscribeMessageVerbatim() {
    final NearRequest request = codec.decode("{\"secret\":\"ohyeahnftsss\",\"filter\":[{\"account_id\":\"nft.nearapps.near\","
        + "\"status\":\"SUCCESS\",\"event\":{\"standard\":\"nep171\",\"event\":\"nft_mint\"}}],\"fetch_past_events\":20}");
    assertThat(request).isInstanceOf(NearRequest.Subscribe.class);
    final NearRequest.Subscribe subscribe = (NearRequest.Subscribe) request;
    assertThat(subscribe.secretJson()).isEqualTo("\"ohyeahnftsss\"");
    assertThat(subscribe.pastCount()).hasValue(20);
  }

  @Test
  void shouldAcceptAnySecretAndFilterValuesIncludingNull() {
    final NearRequest request = codec.decode("{\"secret\":null,\"filter\":null,\"extra\":1}");
    assertThat(request).isInstanceOf(NearRequest.Subscribe.class);
    assertThat(((NearRequest.Subscribe) request).secretJson()).isEqualTo("null");
    assertThat(((NearRequest.Subscribe) request).pastCount()).isEmpty();
  }

  @Test
  void shouldEchoTheSecretExactlyAsWritten() {
    final NearRequest request = codec.decode("{\"secret\":{\"n\":123456789012345678901234567890,\"f\":1.50},\"filter\":{}}");
    assertThat(((NearRequest.Subscribe) request).secretJson()).isEqualTo("{\"n\":123456789012345678901234567890,\"f\":1.50}");
  }

  @Test
  void shouldAnswerInvalidJsonWithoutSecret() {
    assertThat(frame(codec.decode("{not json"))).isEqualTo(
        "{\"events\":[],\"error\":{\"code\":\"invalid_json\",\"message\":\"message is not valid JSON\"}}");
    assertThat(frame(codec.decode(""))).contains("invalid_json");
    assertThat(frame(codec.decode("{} {}"))).contains("invalid_json");
  }

  @Test
  void shouldAnswerNonObjectsWithInvalidMessage() {
    for (String text : List.of("[]", "\"x\"", "42", "null", "true")) {
      assertThat(frame(codec.decode(text))).isEqualTo(
          "{\"events\":[],\"error\":{\"code\":\"invalid_message\",\"message\":\"message must be a JSON object\"}}");
    }
  }

  @Test
  void shouldAnswerMissingFieldsEchoingTheSecretWhenPresent() {
    assertThat(frame(codec.decode("{\"secret\":\"my-app\"}"))).isEqualTo(
        "{\"secret\":\"my-app\",\"events\":[],\"error\":{\"code\":\"missing_fields\","
            + "\"message\":\"Required fields are \\\"filter\\\", \\\"secret\\\"\"}}");
    assertThat(frame(codec.decode("{\"filter\":{}}"))).isEqualTo(
        "{\"events\":[],\"error\":{\"code\":\"missing_fields\",\"message\":\"Required fields are \\\"filter\\\", \\\"secret\\\"\"}}");
  }

  @Test
  void shouldRefuseFiltersOverTheSizeOrDepthLimit() {
    assertThat(frame(codec.decode("{\"secret\":1,\"filter\":{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":1}}}}}}")))
        .isEqualTo("{\"secret\":1,\"events\":[],\"error\":{\"code\":\"limit_exceeded\","
            + "\"message\":\"filter exceeds the configured depth limit\"}}");
    final StringBuilder wide = new StringBuilder("{\"secret\":1,\"filter\":[");
    for (int i = 0; i < 60; i++) {
      wide.append(i == 0 ? "" : ",").append(i);
    }
    assertThat(frame(codec.decode(wide.append("]}").toString()))).contains("filter exceeds the configured size limit");
  }

  @Test
  void shouldBuildBatchesWithKeysInTheAnchorsOrder() {
    assertThat(NearCodec.pastBatch("\"s\"", List.of("{\"a\":1}", "{\"b\":2}")))
        .isEqualTo("{\"secret\":\"s\",\"events\":[{\"a\":1},{\"b\":2}],\"note\":\"past\"}");
    assertThat(NearCodec.pastBatch("\"s\"", List.of())).isEqualTo("{\"secret\":\"s\",\"events\":[],\"note\":\"past\"}");
    assertThat(NearCodec.liveBatch("null", List.of("{}"))).isEqualTo("{\"secret\":null,\"events\":[{}]}");
  }
}
