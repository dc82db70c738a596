/**
 * The {@code folder} captioner: captions made elsewhere, read from a column of the folder generator's
 * manifest or from a caption file keyed by image file name or SHA-256.
 */
package org.biaslab.captioner.folder;
