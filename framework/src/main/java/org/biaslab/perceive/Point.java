package org.biaslab.perceive;

/**
 * A point in image pixels (x to the right, y down).
 *
 * @param x finite
 * @param y finite
 */
public record Point(double x, double y) {

    public Point {
        if (!Double.isFinite(x)) throw new IllegalArgumentException("x must be finite, was " + x);
        if (!Double.isFinite(y)) throw new IllegalArgumentException("y must be finite, was " + y);
    }
}
