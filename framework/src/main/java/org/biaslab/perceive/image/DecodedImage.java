package org.biaslab.perceive.image;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.biaslab.perceive.RgbImage;

/**
 * An image as the perception code sees it, with what the decoder did to get there.
 *
 * @param image        the pixels, 8-bit sRGB, possibly subsampled (see {@code subsampling})
 * @param format       the container format found from the file's first bytes: "jpeg", "png", "gif", "bmp", "webp"
 * @param sourceWidth  width the file declares, before subsampling
 * @param sourceHeight height the file declares, before subsampling
 * @param subsampling  every how many source pixels one was kept in each direction (1 = full resolution);
 *                     the decoded size is {@code ceil(sourceWidth / subsampling)} x {@code ceil(sourceHeight / subsampling)}
 * @param decoder      class name of the ImageIO reader that produced the pixels, so that a run records it
 * @param flags        what happened on the way (alpha composited, grey copied, subsampled, ...)
 * @param warnings     the reader's non-fatal warnings, in order (empty when none)
 */
public record DecodedImage(RgbImage image, String format, int sourceWidth, int sourceHeight,
                           int subsampling, String decoder, Set<DecodeFlag> flags, List<String> warnings) {

    public DecodedImage {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(decoder, "decoder");
        if (format.isBlank()) throw new IllegalArgumentException("format must not be blank");
        if (sourceWidth < 1) throw new IllegalArgumentException("sourceWidth must be >= 1, was " + sourceWidth);
        if (sourceHeight < 1) throw new IllegalArgumentException("sourceHeight must be >= 1, was " + sourceHeight);
        if (subsampling < 1) throw new IllegalArgumentException("subsampling must be >= 1, was " + subsampling);
        int expectedW = ceilDiv(sourceWidth, subsampling);
        int expectedH = ceilDiv(sourceHeight, subsampling);
        if (image.width() != expectedW || image.height() != expectedH) {
            throw new IllegalArgumentException("image is " + image.width() + "x" + image.height() + " but a "
                    + sourceWidth + "x" + sourceHeight + " source subsampled by " + subsampling
                    + " gives " + expectedW + "x" + expectedH);
        }
        EnumSet<DecodeFlag> ordered = EnumSet.noneOf(DecodeFlag.class);
        ordered.addAll(flags);
        flags = Collections.unmodifiableSet(ordered);
        warnings = List.copyOf(warnings);
        if ((subsampling > 1) != flags.contains(DecodeFlag.SUBSAMPLED)) {
            throw new IllegalArgumentException("flag SUBSAMPLED must be set exactly when subsampling > 1, subsampling was "
                    + subsampling + " and flags " + flags);
        }
    }

    /** True when the decoder changed or dropped information: subsampled, alpha composited, CMYK converted, frames dropped. */
    public boolean altered() {
        return flags.contains(DecodeFlag.SUBSAMPLED) || flags.contains(DecodeFlag.ALPHA_COMPOSITED)
                || flags.contains(DecodeFlag.CMYK_CONVERTED) || flags.contains(DecodeFlag.FIRST_FRAME_ONLY);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
