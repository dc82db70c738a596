/**
 * The {@code openai-images} backend: the OpenAI images API ({@code POST /v1/images/generations}) and
 * servers that copy it.
 *
 * <p>Each attempt sends {@code {"model", "prompt", "n": 1, "size": "WxH", "response_format":
 * "b64_json"}} (the last can be turned off for models that reject it) plus the request's extras
 * ({@code quality}, {@code style}, ...), with {@code Authorization: Bearer <key>}; the key is read
 * from the environment variable named by {@code api_key_env} and is never logged or stored. The
 * answer is {@code {"created": ..., "data": [{"b64_json": ..., "revised_prompt": ...}]}}.
 *
 * <p>The API has no seed, no negative prompt and no sampler settings. The seed is recorded as not
 * honoured ({@link org.biaslab.generate.GeneratedImage#seedHonoured()} false, no seed), so an
 * analysis can tell that these images cannot be regenerated; a request with a negative prompt,
 * steps, guidance or sampler fails as {@code UNSUPPORTED} instead of being silently changed. The
 * model the response names (if any) is recorded, else the configured one; a
 * {@code revised_prompt} (DALL-E 3 rewrites prompts) is kept in the server info.
 */
package org.biaslab.generate.openai;
