/**
 * Image generation: the {@link org.biaslab.generate.ImageGenerator} seam and what every backend
 * shares.
 *
 * <p>A backend turns one {@link org.biaslab.generate.GenerationRequest} (prompt, seed, size, sampler
 * settings) into one {@link org.biaslab.generate.GeneratedImage} (the encoded bytes plus what the
 * server says it did: seed used, model, raw info) or a checked
 * {@link org.biaslab.generate.GenerationException}. Backends live in subpackages and are chosen in
 * YAML by the short names of {@link org.biaslab.generate.Generators#REGISTRY}: {@code a1111}
 * (AUTOMATIC1111 / Forge / SD.Next web API), {@code openai-images} (OpenAI-compatible images API)
 * and {@code folder} (images made elsewhere, imported through a manifest).
 *
 * <p>Network backends run behind {@link org.biaslab.generate.PooledGenerator}: several endpoints,
 * each with its own concurrency bound, every request handed to the least busy endpoint with a free
 * slot; retryable faults (timeouts, dropped connections, HTTP 5xx, 429, malformed responses) are
 * retried with exponential backoff whose jitter comes from a seed, {@code Retry-After} is honoured,
 * and the number of attempts is capped. Faults that cannot improve on retry (HTTP 400/401/403/404,
 * a seed or size the server did not honour, a blank image) fail at once.
 *
 * <p>A blank image, the all-black picture AUTOMATIC1111 returns when its safety filter fires, is a
 * distinct outcome ({@link org.biaslab.generate.BlankImageException}), never a success: counting
 * it as an image would bias every per-occupation statistic towards "no face found".
 *
 * <p>Secrets (API keys, basic-auth credentials) are read from environment variables named in the
 * spec, sent only in request headers, and scrubbed from every message; they never appear in a
 * {@code toString}, an exception, or the server info kept with an image.
 */
package org.biaslab.generate;
