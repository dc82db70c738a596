package org.biaslab.prompt;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One prompt: an occupation of a list rendered through a template.
 *
 * @param listId the occupation list, e.g. {@code heim}
 * @param occupationId the occupation within the list, e.g. {@code chef}
 * @param templateId the template, e.g. {@code heim-face}
 * @param text the rendered prompt, e.g. {@code a photo of the face of a chef}
 */
public record Prompt(String listId, String occupationId, String templateId, String text) {
    public Prompt {
        Ids.require("list id", listId);
        Ids.require("occupation id", occupationId);
        Ids.require("template id", templateId);
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("prompt " + listId + "." + occupationId + "." + templateId + ": text is empty");
        }
    }

    /**
     * The stable prompt id {@code <list>.<occupation>.<template>}, e.g. {@code heim.chef.heim-face}.
     * Ids never contain '.', so the parts can be recovered; the id does not depend on the text, so a
     * corrected template keeps its prompts' ids (their seeds change only if the seed hashes the text).
     */
    public String id() {
        return listId + "." + occupationId + "." + templateId;
    }

    /**
     * Every template applied to every occupation: templates in the given order, and within each
     * template the occupations in list order. With DALL-Eval's man, woman and person templates this
     * is the order of DALL-Eval's own prompt file.
     */
    public static List<Prompt> expand(OccupationList list, List<PromptTemplate> templates) {
        if (templates.isEmpty()) {
            throw new IllegalArgumentException("no templates to expand list '" + list.id() + "' with");
        }
        Set<String> seen = new HashSet<>();
        for (PromptTemplate t : templates) {
            if (!seen.add(t.id())) {
                throw new IllegalArgumentException("template id '" + t.id() + "' given twice");
            }
        }
        List<Prompt> out = new ArrayList<>(templates.size() * list.size());
        for (PromptTemplate t : templates) {
            for (Occupation o : list.occupations()) {
                out.add(new Prompt(list.id(), o.id(), t.id(), t.render(o)));
            }
        }
        return List.copyOf(out);
    }
}
