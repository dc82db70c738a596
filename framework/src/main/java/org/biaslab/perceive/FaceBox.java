package org.biaslab.perceive;

/**
 * An axis-aligned box in image pixels: {@code x, y} the top-left corner (x to the right, y down,
 * pixel (0, 0) covering [0, 1) x [0, 1)). A detector may report a box that reaches past the image
 * border, so the corner may be negative and the box larger than the image.
 *
 * @param x      left edge, finite
 * @param y      top edge, finite
 * @param width  finite, >= 0
 * @param height finite, >= 0
 */
public record FaceBox(double x, double y, double width, double height) {

    public FaceBox {
        if (!Double.isFinite(x)) throw new IllegalArgumentException("x must be finite, was " + x);
        if (!Double.isFinite(y)) throw new IllegalArgumentException("y must be finite, was " + y);
        if (!(width >= 0) || !Double.isFinite(width)) {
            throw new IllegalArgumentException("width must be finite and >= 0, was " + width);
        }
        if (!(height >= 0) || !Double.isFinite(height)) {
            throw new IllegalArgumentException("height must be finite and >= 0, was " + height);
        }
    }

    public double right() {
        return x + width;
    }

    public double bottom() {
        return y + height;
    }

    public double area() {
        return width * height;
    }

    /** Intersection over union with {@code other}; 0 when both are empty. */
    public double iou(FaceBox other) {
        double w = Math.max(0, Math.min(right(), other.right()) - Math.max(x, other.x));
        double h = Math.max(0, Math.min(bottom(), other.bottom()) - Math.max(y, other.y));
        double inter = w * h;
        double union = area() + other.area() - inter;
        return union > 0 ? inter / union : 0;
    }
}
