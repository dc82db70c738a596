/**
 * Prompts for text-to-image audits: occupation lists of published studies, prompt templates with a
 * correct indefinite article, their expansion into prompts with stable ids, and the reference
 * labour statistics (BLS CPS Table 11) that generated images are compared with, joined through a
 * hand-reviewed occupation-to-row mapping.
 *
 * <p>Every reader names the file, the line and the field of a problem ({@link PromptFileException}).
 * Percentages BLS does not publish are missing ({@link java.util.OptionalDouble#empty()}), never 0.
 * The shipped files and their sources are described in {@code prompts/README.md}.
 */
package org.biaslab.prompt;
