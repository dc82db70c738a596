/**
 * Server-backed captioners: {@code openai-chat} and {@code ollama}. Both send one stored image and a
 * declared prompt per request through {@link org.biaslab.captioner.server.PooledCaptioner}, which
 * is the generators' {@link org.biaslab.generate.PooledClient} (endpoint pool, retries with seeded
 * jitter, {@code Retry-After}, per-attempt timeout, response body cap, credentials scrubbed from
 * every message and from what is kept).
 *
 * <p><b>{@code openai-chat}</b> posts {@code /v1/chat/completions}, the API that vLLM, LM Studio,
 * the llama.cpp server, Ollama's {@code /v1} and OpenAI all serve:
 * {@code {"model", "messages": [{"role": "user", "content": [{"type": "text", "text": PROMPT},
 * {"type": "image_url", "image_url": {"url": "data:image/png;base64,..."}}]}], "max_tokens",
 * "temperature", "seed"?}} ({@code image/jpeg} for JPEG images; {@code seed} only when configured).
 * {@code Authorization: Bearer} is sent only when {@code api_key_env} names a variable. The caption
 * is {@code choices[0].message.content}, a string or an array of content parts whose text parts are
 * joined. A {@code message.refusal} with no content (OpenAI's structured refusal) is a fault whose
 * message starts {@code refused:}.
 *
 * <p><b>{@code ollama}</b> posts {@code /api/chat} ({@code {"model", "messages": [{"role": "user",
 * "content": PROMPT, "images": [base64]}], "stream": false, "options": {"temperature",
 * "num_predict", "seed"?}}}, caption in {@code message.content}) or, with {@code api: generate},
 * {@code /api/generate} ({@code {"model", "prompt", "images", "stream": false, "options"}}, caption
 * in {@code response}). Ollama's errors ({@code {"error": "..."}} with a non-2xx status) are quoted
 * in the exception's message.
 *
 * <p>Rules both follow: an absent or blank caption is
 * {@link org.biaslab.generate.GenerationException.Kind#EMPTY_CAPTION}, not retryable, with
 * "empty caption" and the finish reason in the message; OpenAI's structured {@code refusal} is
 * {@link org.biaslab.generate.GenerationException.Kind#REFUSED}, not retryable. A caption that reads like a refusal
 * ({@link org.biaslab.captioner.Refusals#looksLikeRefusal}) is kept as written and flagged
 * {@code "refusal_like": true} in the info. The model recorded is the one the response names, else
 * the configured one. The info is the response without the caption text (and without Ollama's
 * {@code context} token ids, whose count is kept as {@code context_length}), plus
 * {@code finish_reason} and {@code refusal_like}, with credential-like keys removed
 * ({@link org.biaslab.generate.ServerInfo}; its rule also drops OpenAI's {@code usage.*_tokens}
 * counts, whose names contain "token") and credentials scrubbed. The captioner id names every setting that
 * changes a caption ({@link org.biaslab.captioner.server.CaptionSettings#idPath()}); endpoints and
 * retry settings do not.
 */
package org.biaslab.captioner.server;
