/**
 * Captioners: stage 3 of the chain (prompts, generator, images, perception, <b>captions</b>, caption
 * metrics, debiasing, report). A captioner writes one caption for one stored image.
 *
 * <p>Registered in {@link org.biaslab.captioner.Captioners} ({@code captioner: type:} in a
 * {@code t2i-audit} spec; {@code biaslab list} shows them): {@code openai-chat} (OpenAI-compatible chat
 * completions with an image content part), {@code ollama} ({@code POST /api/chat} with
 * {@code images}), {@code folder} (captions made elsewhere), {@code simulated} (a declared caption
 * grammar with declared biases, labelled SIMULATION) and {@code detections} (template captions from the
 * objects detected and the faces perceived in each image, offline). Server-backed captioners share the generators'
 * network code ({@link org.biaslab.generate.PooledClient}: endpoint pool, retries,
 * {@code Retry-After}, timeouts, body cap, secrets scrubbed) and report faults as
 * {@link org.biaslab.generate.GenerationException}s, so a caption, like an image, is a generated
 * artefact with the same failure kinds.
 *
 * <p>Captions are kept in the run store keyed by (image SHA-256, captioner id): resumable like images.
 */
package org.biaslab.captioner;
