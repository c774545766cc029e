// OmegaT 3.6 pre-translation with its own fuzzy matcher, for benchmarks/bench_pretranslate.py.
//
// Run by `omegat --mode=console-translate --script=omegat_pretranslate.groovy PROJECT` on the project's LOAD event,
// after OmegaT has read the source files and the TMX files in tm/ and before it writes target/. Console mode on its
// own never fuzzy-matches (it writes the translations the project already has, and tm/auto fills exact matches
// only); this does, for each distinct source segment, what the editor does when a translator opens a segment with
// "Insert the best fuzzy match" on: FindMatches(source tokenizer, 5 matches, separate-segment matching on, not
// exactly-the-same) and search(project, source, requires translation, fill similarity data), then the best match's
// translation as the segment's translation when its score (NearString.scores[0].score, the one the editor compares
// with the "minimal similarity" preference) is OMEGAT_MIN_SCORE or more.
//
// Environment: OMEGAT_MIN_SCORE (75), OMEGAT_MATCHES (a TSV written here: entry number, best score, milliseconds
// of its search, inserted or not, the source text with \\, tab and line feed escaped).
// A new FindMatches per segment, as the editor makes one each time a segment is opened; one for all of them, as
// OmegaT's match statistics share, was no faster (at 100k, 47 segments: 32.6 s against 31.4 s).
import org.omegat.core.data.PrepareTMXEntry
import org.omegat.core.events.IStopped
import org.omegat.core.statistics.FindMatches

if (eventType.toString() != "LOAD") {
    return
}
int threshold = Integer.parseInt(System.getenv("OMEGAT_MIN_SCORE") ?: "75")
IStopped never = { false } as IStopped
Map done = [:]  // source text → [score, milliseconds, inserted]: repetitions are searched once
long start = System.nanoTime()
new File(System.getenv("OMEGAT_MATCHES")).withWriter("UTF-8") { out ->
    for (entry in project.getAllEntries()) {
        String source = entry.getSrcText()
        def result = done[source]
        if (result == null) {
            long t0 = System.nanoTime()
            def finder = new FindMatches(project.getSourceTokenizer(), 5, true, false)
            def matches = finder.search(project, source, true, true, never)
            double ms = (System.nanoTime() - t0) / 1e6
            int score = matches ? matches[0].scores[0].score : -1
            boolean insert = matches && score >= threshold
            if (insert) {
                def te = new PrepareTMXEntry()
                te.source = source
                te.translation = matches[0].translation
                project.setTranslation(entry, te, true, null)  // the default translation: repetitions share it
            }
            result = done[source] = [score, ms, insert]
        }
        String text = source.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
        out << [entry.entryNum(), result[0], String.format("%.1f", result[1]), result[2] ? 1 : 0, text].join("\t") << "\n"
    }
}
println String.format("omegat_pretranslate: %d distinct segments matched in %.1f s", done.size(), (System.nanoTime() - start) / 1e9)
