package dev.blockwire.gateway.near;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.blockwire.gateway.Utf8Message;
import dev.blockwire.schemas.near.NearExecutionStatus;
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
    assertThat(NearCodec.batch("\"s\"", List.of("{\"a\":1}", "{\"b\":2}"), "past", null))
        .isEqualTo("{\"secret\":\"s\",\"events\":[{\"a\":1},{\"b\":2}],\"note\":\"past\"}");
    assertThat(NearCodec.batch("\"s\"", List.of(), "past", null)).isEqualTo("{\"secret\":\"s\",\"events\":[],\"note\":\"past\"}");
    assertThat(NearCodec.batch("null", List.of("{}"), null, null)).isEqualTo("{\"secret\":null,\"events\":[{}]}");
  }

  @Test
  void shouldAssembleBatchBytesEqualToTheTextRendering() {
    final NearEventView ascii = NearFilterTest.event("token.sweat", NearExecutionStatus.SUCCESS, NearEventViewTest.FT);
    final NearEventView wide = NearFilterTest.event("日本.near", NearExecutionStatus.SUCCESS,
        "{\"standard\":\"nep171\",\"version\":\"1.0.0\",\"event\":\"nft_mint\",\"data\":[{\"memo\":\"é \uD83D\uDE00\"}]}");
    final List<List<NearEventView>> batches = List.of(List.of(), List.of(ascii), List.of(ascii, wide, ascii));
    final List<String> secrets = List.of("\"s\"", "null", "{\"k\":[1,\"ü\"]}", "\"\uD83D\uDE00\"");
    final String[] notes = {null, "past", "replay"};
    final String[] cursors = {null, "AQ", "Ab-_9z"};
    for (NearFormat format : NearFormat.values()) {
      for (List<NearEventView> events : batches) {
        final List<String> jsons = events.stream().map(event -> event.json(format)).toList();
        for (String secret : secrets) {
          for (String note : notes) {
            for (String cursor : cursors) {
              final String text = NearCodec.batch(secret, jsons, note, cursor);
              final Utf8Message bytes = NearCodec.batch(NearCodec.batchHead(secret), events, format, note, cursor);
              assertThat(bytes.bytes()).as(text).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
              assertThat(bytes.text()).isEqualTo(text);
            }
          }
        }
      }
    }
    // each event's bytes are encoded once per form and shared by every batch
    assertThat(ascii.utf8(NearFormat.CAMEL)).isSameAs(ascii.utf8(NearFormat.CAMEL));
  }

  // ---- §2.10 resume cursor ----

  static NearRequest.Subscribe subscribe(NearRequest request) {
    assertThat(request).isInstanceOf(NearRequest.Subscribe.class);
    return (NearRequest.Subscribe) request;
  }

  @Test
  void shouldLeaveASubscriptionWithoutTheResumeKeysAsTheAnchorHasIt() {
    final NearRequest.Subscribe plain = subscribe(codec.decode("{\"secret\":1,\"filter\":{},\"fetch_past_events\":3}"));
    assertThat(plain.withCursor()).isFalse();
    assertThat(plain.replays()).isFalse();
    final NearRequest.Subscribe nulls = subscribe(codec.decode(
        "{\"secret\":1,\"filter\":{},\"cursor\":null,\"from_block\":null,\"after_cursor\":null}"));
    assertThat(nulls.withCursor()).isFalse();
    assertThat(nulls.replays()).isFalse();
    assertThat(subscribe(codec.decode("{\"secret\":1,\"filter\":{},\"cursor\":false}")).withCursor()).isFalse();
  }

  @Test
  void shouldAskForCursorsWithCursorTrueAndKeepThePastBatch() {
    final NearRequest.Subscribe request = subscribe(codec.decode(
        "{\"secret\":1,\"filter\":{},\"cursor\":true,\"fetch_past_events\":5}"));
    assertThat(request.withCursor()).isTrue();
    assertThat(request.replays()).isFalse();
    assertThat(request.pastCount()).hasValue(5);
  }

  @Test
  void shouldReplayFromABlockGivenAsNumberOrDecimalStringIgnoringPastEvents() {
    for (String height : List.of("1234", "\"1234\"", "1234.0", "1.234e3")) {
      final NearRequest.Subscribe request = subscribe(codec.decode(
          "{\"secret\":1,\"filter\":{},\"from_block\":" + height + ",\"fetch_past_events\":5}"));
      assertThat(request.resumeAfter()).as(height).isEqualTo(NearPosition.endOf(1233));
      assertThat(request.withCursor()).isTrue();
      assertThat(request.pastCount()).isEmpty();
    }
    assertThat(subscribe(codec.decode("{\"secret\":1,\"filter\":{},\"from_block\":0}")).resumeAfter())
        .isEqualTo(NearPosition.endOf(-1));
  }

  @Test
  void shouldResumeAfterACursorItMadeItself() {
    final NearPosition position = new NearPosition(188_102_483L, 3, 17, 2);
    final NearRequest.Subscribe request = subscribe(codec.decode(
        "{\"secret\":1,\"filter\":{},\"after_cursor\":\"" + position.cursor() + "\",\"cursor\":false}"));
    assertThat(request.resumeAfter()).isEqualTo(position);
    assertThat(request.withCursor()).isTrue(); // implied
    assertThat(NearPosition.parseCursor(NearPosition.endOf(7).cursor())).isEqualTo(NearPosition.endOf(7));
    assertThat(position.cursor()).matches("[A-Za-z0-9_-]+");
  }

  @Test
  void shouldAnswerBadResumeValuesWithInvalidParameterFrames() {
    assertThat(frame(codec.decode("{\"secret\":\"s\",\"filter\":{},\"cursor\":\"yes\"}"))).isEqualTo(
        "{\"secret\":\"s\",\"events\":[],\"error\":{\"code\":\"invalid_parameter\","
            + "\"message\":\"invalid \\\"cursor\\\": must be true or false\"}}");
    for (String bad : List.of("-1", "\"-1\"", "1.5", "\"12a\"", "\"\"", "true", "[1]", "1e30", "\"0x10\"")) {
      assertThat(frame(codec.decode("{\"secret\":1,\"filter\":{},\"from_block\":" + bad + "}"))).as(bad)
          .contains("\"code\":\"invalid_parameter\"").contains("invalid \\\"from_block\\\": must be a block height");
    }
    for (String bad : List.of("\"x\"", "\"\"", "1", "\"AAAA\"", "\"" + NearPosition.endOf(7).cursor() + "AA\"")) {
      assertThat(frame(codec.decode("{\"secret\":1,\"filter\":{},\"after_cursor\":" + bad + "}"))).as(bad)
          .contains("\"code\":\"invalid_parameter\"").contains("invalid \\\"after_cursor\\\": not a cursor of this service");
    }
    assertThat(frame(codec.decode("{\"secret\":1,\"filter\":{},\"from_block\":1,\"after_cursor\":\""
        + NearPosition.endOf(7).cursor() + "\"}"))).contains("invalid_parameter");
  }

  @Test
  void shouldPutTheNoteAndThenTheCursorLast() {
    assertThat(NearCodec.batch("\"s\"", List.of("{}"), "replay", "AQ")).isEqualTo(
        "{\"secret\":\"s\",\"events\":[{}],\"note\":\"replay\",\"cursor\":\"AQ\"}");
    assertThat(NearCodec.batch("\"s\"", List.of("{}"), null, "AQ")).isEqualTo(
        "{\"secret\":\"s\",\"events\":[{}],\"cursor\":\"AQ\"}");
    assertThat(NearCodec.cursorExpired("\"s\"")).isEqualTo("{\"secret\":\"s\",\"events\":[],\"error\":"
        + "{\"code\":\"cursor_expired\",\"message\":\"cursor is older than the retained history\"}}");
  }

  @Test
  void shouldOrderPositionsByHeightReceiptAndLog() {
    final NearPosition a = new NearPosition(10, 0, 2, 5);
    assertThat(a).isLessThan(new NearPosition(10, 1, 3, 0)).isLessThan(NearPosition.endOf(10))
        .isGreaterThan(NearPosition.endOf(9)).isGreaterThan(new NearPosition(10, 0, 2, 4));
    assertThat(NearPosition.before(11)).isEqualTo(NearPosition.endOf(10));
    assertThat(a.firstHeightNeeded()).isEqualTo(10);
    assertThat(NearPosition.endOf(10).firstHeightNeeded()).isEqualTo(11);
  }
}
