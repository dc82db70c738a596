package org.biaslab.perceive.image;

/** Facts about how an image was turned into 8-bit sRGB that a reader of the results may need. */
public enum DecodeFlag {
    /** Some pixels were not fully opaque and were composited over the decoder's background colour. */
    ALPHA_COMPOSITED,
    /** The source had a grey colour space; its samples were copied to R = G = B unchanged. */
    GRAYSCALE,
    /** The source stored palette indices (PNG colour type 3, GIF, 8-bit BMP). */
    PALETTE,
    /** The source had more than 8 bits per sample (e.g. 16-bit PNG); samples were rounded to 8 bits. */
    HIGH_BIT_DEPTH,
    /** The source was larger than the decoder's longest-side cap and was point-subsampled while decoding. */
    SUBSAMPLED,
    /** A 4-component (CMYK or YCCK) JPEG, converted to sRGB by the fallback decoder. */
    CMYK_CONVERTED,
    /** The file holds several frames (animated GIF or WebP); only the first was decoded. */
    FIRST_FRAME_ONLY,
    /** The reader reported warnings that did not make the pixels unusable; see {@link DecodedImage#warnings()}. */
    READER_WARNINGS
}
