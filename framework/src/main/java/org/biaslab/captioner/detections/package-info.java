/**
 * The {@code detections} captioner: TEMPLATE captions grounded in what the COCO object detector and
 * face perception find in each image ("a woman with a laptop at a dining table"), written by a small
 * fixed grammar ({@link org.biaslab.captioner.detections.TemplateGrammar}), so the offline chain runs
 * on real detections where no vision-language server is available. They are labelled as template
 * captions in the captioner's description, id and every caption's model name; they measure the
 * detector and the perceiver, not a captioning model.
 */
package org.biaslab.captioner.detections;
