package org.biaslab.captioner.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Base64;
import org.biaslab.captioner.GeneratedCaption;
import org.biaslab.captioner.Refusals;
import org.biaslab.generate.Endpoint;
import org.biaslab.generate.GenerationException;
import org.biaslab.generate.HttpCall;
import org.biaslab.generate.ServerInfo;

/** What the server captioners share once a response is parsed: the empty, refusal, model and info rules. */
final class CaptionReplies {
    /** Longest server text (a refusal) quoted in a message. */
    private static final int QUOTE = 300;

    private CaptionReplies() {}

    /** The image as standard base64, no line breaks, no {@code data:} prefix. */
    static String base64(byte[] image) {
        return Base64.getEncoder().encodeToString(image);
    }

    /**
     * The caption from {@code text}, or the fault when there is none.
     *
     * @param what the request as messages name it (backend, method, URL, image)
     * @param text the caption the server wrote (null when it wrote none)
     * @param reportedModel the response's model field (may be missing)
     * @param configuredModel the model asked for; recorded when the response names none
     * @param finishReason why the server stopped ({@code stop}, {@code length}); may be null
     * @param info the response without the caption; {@code finish_reason} and {@code refusal_like}
     *     are added, credential-like keys removed and credentials scrubbed before it is kept
     * @throws GenerationException {@code EMPTY_CAPTION}, not retryable, when the caption is
     *     missing or blank: the same request would give the same nothing
     */
    static GeneratedCaption caption(HttpCall call, Endpoint endpoint, String what, String text, JsonNode reportedModel,
            String configuredModel, String finishReason, Duration latency, ObjectNode info)
            throws GenerationException {
        if (text == null || text.isBlank()) {
            throw empty(call, endpoint, what, text == null ? "no caption text" : "only white space", finishReason);
        }
        String caption = call.scrub(text.strip());
        String model = reportedModel != null && reportedModel.isTextual() && !reportedModel.asText().isBlank()
                ? reportedModel.asText() : configuredModel;
        if (finishReason != null) {
            info.put("finish_reason", finishReason);
        } else {
            info.putNull("finish_reason");
        }
        info.put("refusal_like", Refusals.looksLikeRefusal(caption));
        return new GeneratedCaption(caption, call.scrub(model), endpoint.toString(), latency, 1,
                call.scrub(ServerInfo.sanitize(info).toString()));
    }

    /** An empty caption: {@code EMPTY_CAPTION}, not retryable. */
    static GenerationException empty(HttpCall call, Endpoint endpoint, String what, String detail,
            String finishReason) {
        String hint = "length".equals(finishReason)
                ? "; the token limit ran out first (raise max_tokens, or use a model that does not think aloud)"
                : "";
        return new GenerationException(GenerationException.Kind.EMPTY_CAPTION, false, -1, endpoint.toString(),
                null, 1, call.scrub(what + ": empty caption (" + detail + ", finish_reason "
                        + (finishReason == null ? "not given" : finishReason) + ")" + hint), null);
    }

    /**
     * The model declined through the API (OpenAI's {@code message.refusal}): no caption, so a fault
     * ({@code REFUSED}, not retryable: the same image would be refused again).
     */
    static GenerationException refused(HttpCall call, Endpoint endpoint, String what, String refusal) {
        return new GenerationException(GenerationException.Kind.REFUSED, false, -1, endpoint.toString(),
                null, 1, call.scrub(what + ": refused: " + quote(refusal)), null);
    }

    /** The response's text field {@code key} of {@code node}, or null when it is absent or not text. */
    static String text(JsonNode node, String key) {
        JsonNode v = node.path(key);
        return v.isTextual() ? v.asText() : null;
    }

    /** {@code s} on one line, at most {@value #QUOTE} characters. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder();
        s.strip().codePoints().limit(QUOTE).forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        if (s.strip().codePointCount(0, s.strip().length()) > QUOTE) {
            sb.append("...");
        }
        return sb.toString();
    }
}
