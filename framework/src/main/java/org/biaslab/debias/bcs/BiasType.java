package org.biaslab.debias.bcs;

/** The kind of bias a synthesized caption carries (LIBRA, Hirota et al. CVPR 2023, sec. 4.1). */
public enum BiasType {
    /**
     * Context -> gender: the gender words are flipped while the context stays, and the context (by
     * the gate) points to the new gender, as when a captioner guesses gender from the scene.
     */
    CONTEXT_TO_GENDER,
    /**
     * Gender -> context: some context words are replaced by words a masked language model proposes,
     * chosen so that the context points more strongly to the caption's stated gender, as when a
     * captioner produces stereotypical words because of the gender it has written.
     */
    GENDER_TO_CONTEXT,
    /** Both on one caption: gender words flipped (context -> gender), then context refilled toward the new gender. */
    BOTH
}
