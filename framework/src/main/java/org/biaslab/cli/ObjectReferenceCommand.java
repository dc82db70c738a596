package org.biaslab.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.biaslab.caption.CaptionFiles;
import org.biaslab.prompt.ClassNouns;
import org.biaslab.prompt.ObjectGenderReference;
import org.biaslab.util.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code object-reference}: counts the object x gender reference of real photos from an annotated
 * COCO caption set ({@link ObjectGenderReference#build}) and writes it with a comment header naming
 * its inputs; {@code prompts/coco/object-gender-reference.csv} is this command's output on the LIC
 * gender set.
 */
@Command(name = "object-reference", mixinStandardHelpOptions = true,
        description = "Count, per COCO object class, the reference images annotated Female / Male whose human "
                + "captions name the class (the reference of the audit's object x perceived-gender statistics).")
final class ObjectReferenceCommand implements Callable<Integer> {
    @Option(names = "--coco", required = true, paramLabel = "JSONL",
            description = "annotated COCO images with human captions (e.g. ../shared/data/coco/"
                    + "coco_val2014_gender_set_10780.jsonl: img_id, gender, human_captions)")
    Path coco;

    @Option(names = "--nouns", paramLabel = "CSV", description = "class nouns (default: prompts/coco/class-nouns.csv)")
    Path nouns;

    @Option(names = "--out", paramLabel = "CSV", description = "file to write (default: print)")
    Path out;

    @Override
    public Integer call() throws Exception {
        Path root = Path.of(System.getProperty("biaslab.root", "."));
        Path nounsFile = nouns != null ? nouns : root.resolve("prompts/coco/class-nouns.csv");
        ClassNouns cn = ClassNouns.read(nounsFile);
        ObjectGenderReference ref = ObjectGenderReference.build(CaptionFiles.readLabelledImages(coco), cn);
        String text = header(coco.getFileName().toString(), nounsFile.getFileName().toString()) + ref.toCsv();
        if (out == null) {
            System.out.print(text);
        } else {
            AtomicFiles.writeString(out, text);
            System.out.printf("%s: %d classes, %d images annotated Female, %d Male%n", out, ref.images().size(),
                    ref.women(), ref.men());
        }
        return 0;
    }

    static String header(String cocoName, String nounsName) {
        return "# Object x gender reference of real photos: for each COCO class, the number of images annotated\n"
                + "# as showing a woman (images_women) or a man (images_men) at least one of whose human captions\n"
                + "# names the class through " + nounsName + " (matching as ClassNouns documents); the row '*'\n"
                + "# holds the number of images of each group. Made by\n"
                + "#   ./biaslab object-reference --coco " + cocoName + " --out <this file>\n"
                + "# from " + cocoName + " (COCO-2014 val images with the perceived-gender labels of Zhao et al. 2021\n"
                + "# as released with Hirota et al. CVPR 2022, rebnej/lick-caption-bias@4b084b10; captions CC BY 4.0,\n"
                + "# labels research use). Only these aggregate counts are shipped, not the labels or captions.\n";
    }
}
