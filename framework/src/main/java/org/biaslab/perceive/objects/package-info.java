/**
 * Objects in an image: {@link org.biaslab.perceive.objects.ObjectDetector}, an 80-class COCO
 * detector (Human's centernet on the TF.js graph runner, with Human's pre- and post-processing),
 * for perceived people ("person") and objects in generated images.
 */
package org.biaslab.perceive.objects;
