package org.biaslab.metric.captioning.corenlp;

import edu.stanford.nlp.ling.CoreLabel;
import edu.stanford.nlp.process.CoreLabelTokenFactory;
import edu.stanford.nlp.process.PTBTokenizer;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.biaslab.metric.captioning.CocoTokenizer;

/**
 * CoreNLP 3.4.1's PTB lexer inside this JVM, with the options of the reference command line
 * ({@code -preserveLines} is {@code tokenizeNLs}; {@code -lowerCase} lower-cases each token's text
 * with {@link Locale#ENGLISH}); untokenizable characters are deleted as the command line does,
 * without its warning. Use it as {@code new CocoTokenizer(new InProcessLexer())}.
 *
 * <p>This module is optional and not part of biaslab's runtime: it depends on CoreNLP
 * (GPL-2.0-or-later), so whoever adds it to a classpath takes on that license. biaslab's default
 * tokenizer runs the same release as a separate program instead.
 */
public final class InProcessLexer implements CocoTokenizer.Lexer {
    private static final String OPTIONS = "tokenizeNLs,untokenizable=noneDelete";

    @Override
    public List<String> lines(String text) {
        String newline = PTBTokenizer.getNewlineToken();
        PTBTokenizer<CoreLabel> lexer = new PTBTokenizer<>(new StringReader(text), new CoreLabelTokenFactory(), OPTIONS);
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        while (lexer.hasNext()) {
            String word = lexer.next().word();
            if (newline.equals(word)) {
                out.add(line.toString());
                line.setLength(0);
            } else {
                if (line.length() > 0) {
                    line.append(' ');
                }
                line.append(word.toLowerCase(Locale.ENGLISH));
            }
        }
        out.add(line.toString());
        return out;
    }
}
