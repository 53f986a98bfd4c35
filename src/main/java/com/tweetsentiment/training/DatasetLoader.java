package com.tweetsentiment.training;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import com.tweetsentiment.artifact.Checksums;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a CSV of the dataset's schema (no header; tweet id, entity, sentiment, text). Bad rows are
 * counted by reason and skipped, never fatal; a file with no usable row is an error.
 */
public final class DatasetLoader {

    /** The labels the Kaggle dataset uses. */
    public static final List<String> DATASET_LABELS = List.of("Negative", "Positive", "Neutral", "Irrelevant");

    static final String MISSING_TEXT = "missing text";
    static final String WRONG_COLUMNS = "wrong column count";
    static final String UNKNOWN_LABEL = "unknown label";
    static final String HEADER = "header line";
    static final String MALFORMED = "malformed CSV (rest of file)";

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).get();

    private DatasetLoader() {
    }

    /**
     * @param labels the labels to keep, in the order that defines their class index
     * @throws DatasetException if the file cannot be read or holds no usable row
     */
    public static Dataset load(Path csv, List<String> labels) {
        if (!Files.isRegularFile(csv)) {
            throw new DatasetException("dataset file not found: " + csv.toAbsolutePath());
        }
        try (Reader reader = new InputStreamReader(Files.newInputStream(csv), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE))) {
            Dataset d = read(reader, labels);
            if (d.examples().isEmpty()) {
                throw new DatasetException("no usable rows in " + csv + ": " + d.rowsRead() + " read, " + d.excluded()
                        + " with labels other than " + labels + ", rejected " + d.rejected());
            }
            return new Dataset(d.examples(), Checksums.sha256(csv), d.rowsRead(), d.otherLabels(), d.rejected(), d.repairedEncoding());
        } catch (IOException e) {
            throw new DatasetException("cannot read " + csv + ": " + e.getMessage(), e);
        }
    }

    static Dataset read(Reader reader, List<String> labels) throws IOException {
        Map<String, String> wanted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        labels.forEach(l -> wanted.put(l, l));
        Map<String, String> known = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        DATASET_LABELS.forEach(l -> known.put(l, l));
        List<Example> examples = new ArrayList<>();
        Map<String, Long> rejected = new TreeMap<>();
        long read = 0;
        List<Example> others = new ArrayList<>();
        long repaired = 0;
        try (CSVParser parser = FORMAT.parse(reader)) {
            for (CSVRecord r : parser) {
                read++;
                if (r.size() != 4) {
                    rejected.merge(WRONG_COLUMNS, 1L, Long::sum);
                    continue;
                }
                String label = r.get(2).strip();
                String text = r.get(3);
                if (read == 1 && !wanted.containsKey(label) && !known.containsKey(label) && !r.get(0).strip().matches("\\d+")) {
                    rejected.merge(HEADER, 1L, Long::sum);
                } else if (!wanted.containsKey(label)) {
                    if (known.containsKey(label)) {
                        if (!text.isBlank()) {
                            others.add(new Example(r.get(0).strip(), r.get(1).strip(), known.get(label), text));
                        }
                    } else {
                        rejected.merge(UNKNOWN_LABEL, 1L, Long::sum);
                    }
                } else if (text.isBlank()) {
                    rejected.merge(MISSING_TEXT, 1L, Long::sum);
                } else {
                    if (text.indexOf('\uFFFD') >= 0) {
                        repaired++;
                    }
                    examples.add(new Example(r.get(0).strip(), r.get(1).strip(), wanted.get(label), text));
                }
            }
        } catch (UncheckedIOException e) {
            rejected.merge(MALFORMED, 1L, Long::sum);
        }
        return new Dataset(examples, "", read, others, rejected, repaired);
    }

    /** One line for logs: what was used and what was not. */
    public static String summary(Dataset d) {
        return String.format(Locale.ROOT, "%d rows read: %d used, %d with other labels, %d rejected %s%s",
                d.rowsRead(), d.examples().size(), d.excluded(), d.rejectedTotal(), d.rejected(),
                d.repairedEncoding() > 0 ? ", " + d.repairedEncoding() + " with invalid UTF-8 replaced" : "");
    }
}
