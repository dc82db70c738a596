package org.biaslab.perceive.skin;

/**
 * Where skin is sampled, from 68 facial landmarks in the iBUG 300-W order (0-based: jaw 0-16,
 * brows 17-21 and 22-26, nose 27-35, eyes 36-41 and 42-47, mouth 48-67). "Right" and "left" are
 * the subject's: the right cheek is on the image's left in a frontal face, next to eye 36-41.
 *
 * <ul>
 *   <li>Cheeks: the polygon through the outer eye corner, the two lower-lid points, the nose
 *       wing, the mouth corner and four jaw points (right: 36, 41, 40, 31, 48, 4, 3, 2, 1; left:
 *       45, 46, 47, 35, 54, 12, 13, 14, 15), shrunk towards its vertex centroid by
 *       {@link SkinRegions#CHEEK_SHRINK} so that lashes, nostril shadow, lip and the face outline
 *       (and the background behind it) stay out.</li>
 *   <li>Forehead: a band following the brows (points 18-25; the outermost brow points 17 and 26
 *       are left out, towards the temples hair is likely), starting
 *       {@link SkinRegions#FOREHEAD_GAP} and ending {@link SkinRegions#FOREHEAD_GAP} +
 *       {@link SkinRegions#FOREHEAD_HEIGHT} brow-to-eye distances above them, along the face's
 *       up direction (perpendicular to the line between the eye centres, away from the mouth),
 *       so it follows head roll. The brow-to-eye distance is the mean over both sides of the
 *       distance from the brow's middle point (19, 24) to the eye centre (mean of its six
 *       points).</li>
 * </ul>
 */
public enum SkinRegion {
    RIGHT_CHEEK,
    LEFT_CHEEK,
    FOREHEAD
}
