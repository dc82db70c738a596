/**
 * Decoding image files and bytes into {@link org.biaslab.perceive.RgbImage} through one pinned
 * path ({@link org.biaslab.perceive.image.ImageDecoder}), so that the same file always gives the
 * same pixels and the result says what was done to it (subsampled, alpha composited, CMYK
 * converted, ...). Bad input is a checked {@link org.biaslab.perceive.image.ImageDecodeException}
 * naming the file and the problem.
 */
package org.biaslab.perceive.image;
