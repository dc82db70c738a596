/**
 * Estimated skin tone of a face from the colour of its skin pixels: sRGB to CIELAB
 * ({@link org.biaslab.perceive.skin.Colorimetry}), the Individual Typology Angle and its six
 * categories ({@link org.biaslab.perceive.skin.Ita}, {@link org.biaslab.perceive.skin.ItaCategory}),
 * the nearest Monk Skin Tone swatch by CIEDE2000 ({@link org.biaslab.perceive.skin.MonkScale}),
 * cheek and forehead regions from 68 landmarks, a documented skin-pixel rule, and quality flags
 * that say when lighting or exposure make the estimate unreliable
 * ({@link org.biaslab.perceive.skin.SkinToneEstimator}). An estimated skin tone describes the
 * colour of pixels in an image under its lighting; it says nothing about a person's identity.
 */
package org.biaslab.perceive.skin;
