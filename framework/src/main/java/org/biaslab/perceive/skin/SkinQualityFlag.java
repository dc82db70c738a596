package org.biaslab.perceive.skin;

/**
 * Why an estimated skin tone should not be trusted. Any flag makes the estimate unreliable
 * ({@link SkinToneEstimate#reliable()} false): the estimate is still reported, so that flagged
 * rates can be compared across groups, but it should not be counted as a measurement.
 * Thresholds are constants in {@link SkinToneEstimator}.
 */
public enum SkinQualityFlag {
    /** Fewer kept skin pixels than the estimator's minimum (0 means no estimate at all). */
    TOO_FEW_PIXELS,
    /** More than half of the regions' pixel area lies outside the image (face at or over the border). */
    REGION_OUTSIDE_IMAGE,
    /** A large share of region pixels is clipped (a channel at 254-255): colour is lost. */
    OVEREXPOSED,
    /**
     * A large share of region pixels is crushed (every channel at most 12), or nothing in the whole
     * image is bright (99th percentile of max(R, G, B) below 64): lightness is not the skin's.
     */
    UNDEREXPOSED,
    /**
     * The median colour of the region pixels is outside the range of skin hues (h_ab outside
     * [40, 100] degrees at chroma &gt;= 5), or has b* &lt;= 0: strongly coloured light (or a
     * non-skin region), under which ITA can move by tens of degrees.
     */
    COLOURED_LIGHT,
    /** The two cheeks' median L* differ by more than a threshold: side lighting or shadow. */
    UNEVEN_LIGHTING
}
