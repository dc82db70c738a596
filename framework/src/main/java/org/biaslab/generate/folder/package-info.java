/**
 * The {@code folder} backend: images made elsewhere (another tool, a published audit, a hosted
 * service) imported for perception and analysis through a manifest.
 *
 * <p>The manifest is CSV (RFC 4180, header row) or JSON Lines, one image per row, with the columns
 * {@code file} (relative to the manifest's folder), {@code prompt}, {@code occupation} and
 * {@code seed} (empty or null when unknown), and optionally {@code template},
 * {@code sample_index} (else numbered 0, 1, ... per prompt in file order) and {@code model}. Other
 * columns are kept, as strings, in each image's server info. The whole manifest is checked before
 * any image is used, every problem reported with file, line and field: missing or unreadable image
 * files, files that are not PNG or JPEG, bad seeds or indices, the same prompt and sample index
 * twice, the same image file twice.
 *
 * <p>{@link org.biaslab.generate.folder.FolderGenerator#generate} returns the manifest's image for
 * the request's prompt text and sample index; the seed is the manifest's, and it counts as honoured
 * only when it equals the requested one. Blank images are reported as blank, as for any backend.
 */
package org.biaslab.generate.folder;
