package org.biaslab.perceive.faceapi;

import org.biaslab.perceive.FaceBox;

/**
 * face-api's {@code Box} arithmetic, operation for operation in double as JavaScript does it:
 * relative boxes scaled to pixels and back ({@code rescale}), {@code pad}, and
 * {@code clipAtImageBorders} with its {@code floor}, which decides the pixels a network sees.
 */
record JsBox(double x, double y, double width, double height) {

    /** {@code new BoundingBox(left, top, right, bottom)}. */
    static JsBox fromBounds(double left, double top, double right, double bottom) {
        return new JsBox(left, top, right - left, bottom - top);
    }

    double right() {
        return x + width;
    }

    double bottom() {
        return y + height;
    }

    double area() {
        return width * height;
    }

    JsBox rescale(double sx, double sy) {
        return new JsBox(x * sx, y * sy, width * sx, height * sy);
    }

    /**
     * Pixels to relative and back ({@code rescale(imageDims.reverse())} then {@code rescale(imageDims)}),
     * which face-api does each time a detection is re-created for an image size.
     */
    JsBox roundTrip(double imageWidth, double imageHeight) {
        return rescale(1 / imageWidth, 1 / imageHeight).rescale(imageWidth, imageHeight);
    }

    JsBox pad(double padX, double padY) {
        return new JsBox(x - padX / 2, y - padY / 2, width + padX, height + padY);
    }

    /**
     * {@code clipAtImageBorders(imgWidth, imgHeight)}: the box cut to the image, each of x, y, width,
     * height floored; width or height may come out <= 0 for a box outside the image.
     *
     * @return {x, y, width, height}
     */
    int[] clipFloor(int imageWidth, int imageHeight) {
        double cx = Math.max(x, 0);
        double cy = Math.max(y, 0);
        double w = Math.min(right() - cx, imageWidth - cx);
        double h = Math.min(bottom() - cy, imageHeight - cy);
        return new int[] {(int) Math.floor(cx), (int) Math.floor(cy), (int) Math.floor(w), (int) Math.floor(h)};
    }

    /** face-api {@code iou(box1, box2, true)}. */
    static double iou(JsBox a, JsBox b) {
        double w = Math.max(0.0, Math.min(a.right(), b.right()) - Math.max(a.x, b.x));
        double h = Math.max(0.0, Math.min(a.bottom(), b.bottom()) - Math.max(a.y, b.y));
        double inter = w * h;
        return inter / (a.area() + b.area() - inter);
    }

    FaceBox toFaceBox() {
        return new FaceBox(x, y, width, height);
    }
}
