/**
 * The {@code a1111} backend: the web API of AUTOMATIC1111's Stable Diffusion web UI, also served
 * by its forks Forge and SD.Next ({@code --api}).
 *
 * <p>Each attempt posts {@code /sdapi/v1/txt2img} with {@code prompt}, {@code negative_prompt},
 * {@code seed}, {@code width}, {@code height}, {@code batch_size: 1}, {@code n_iter: 1},
 * {@code send_images: true}, {@code save_images: false}, and {@code steps}, {@code cfg_scale},
 * {@code sampler_name} when the request sets them; extras (e.g. {@code scheduler},
 * {@code override_settings}) pass through. The answer is
 * {@code {"images": [base64 PNG], "parameters": {...}, "info": "<JSON string>"}}; the info's
 * {@code seed} must equal the requested seed and the image must have the requested size, else the
 * attempt fails as a {@link org.biaslab.generate.GenerationException.Kind#MISMATCH}. The model is
 * the info's {@code sd_model_name} (with {@code sd_model_hash}), which describes this very
 * generation; {@code sd_model_checkpoint} from {@code GET /sdapi/v1/options}, read once per
 * endpoint, is kept in the server info and used when the info lacks a model name.
 *
 * <p>With {@code --api-auth user:password} the server wants HTTP basic auth: name an environment
 * variable holding {@code user:password} in {@code auth_env}.
 */
package org.biaslab.generate.a1111;
