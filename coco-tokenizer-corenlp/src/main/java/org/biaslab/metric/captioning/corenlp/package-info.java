/**
 * Optional: the COCO caption tokenizer's CoreNLP 3.4.1 lexer inside the caller's JVM
 * ({@link org.biaslab.metric.captioning.corenlp.InProcessLexer}). GPL-2.0-or-later through CoreNLP;
 * not on biaslab's runtime classpath, which runs the same lexer as a child process.
 */
package org.biaslab.metric.captioning.corenlp;
