package com.tweetsentiment.training;

import java.util.List;
import java.util.Map;

/**
 * The usable rows of a CSV file and an account of the rest.
 *
 * @param examples   rows whose label is one of the selected labels
 * @param sha256     checksum of the file's bytes
 * @param rowsRead   records read (a header line included)
 * @param otherLabels rows with a known label that this run does not classify (Neutral in a binary run); their
 *                    texts can still serve as unlabelled text for pre-training
 * @param rejected   unusable rows by reason (missing text, wrong column count, unknown label, header, malformed CSV)
 * @param repairedEncoding rows whose invalid UTF-8 bytes were replaced
 */
public record Dataset(List<Example> examples, String sha256, long rowsRead, List<Example> otherLabels, Map<String, Long> rejected,
        long repairedEncoding) {

    public long excluded() {
        return otherLabels.size();
    }

    public long rejectedTotal() {
        return rejected.values().stream().mapToLong(Long::longValue).sum();
    }
}
