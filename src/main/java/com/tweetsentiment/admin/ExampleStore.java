package com.tweetsentiment.admin;

import com.tweetsentiment.artifact.CrossProcessLock;
import com.tweetsentiment.artifact.FaultPoints;
import com.tweetsentiment.training.DatasetLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * Labelled examples sent by users, kept in one CSV of the dataset's own schema (tweet id, entity, sentiment, text) so
 * that the trainer reads them like any other rows. A batch is checked whole before anything is written; it is then
 * appended and forced to disk, and its end recorded, before the caller is told it was stored. Should the write fail
 * or the process die halfway, the file is cut back to its last recorded end: a batch is stored entirely or not at all. Several replicas (and a worker)
 * share the file: every append and read holds a lock across processes ({@code examples.csv.lock}), so batches are
 * kept whole, in the order they were acknowledged, and every replica reads the same rows.
 */
final class ExampleStore {

    static final String FILE = "examples.csv";
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();

    /** One labelled text; {@code entity} is optional (the dataset's second column). */
    record LabelledText(String text, String label, String entity) {
    }

    /** What is wrong with one row of a batch (rows count from 1, as people count them). */
    record RowProblem(int row, String field, String problem) {
    }

    static final class InvalidRowsException extends RuntimeException {
        private final List<RowProblem> problems;

        InvalidRowsException(List<RowProblem> problems) {
            super("invalid rows; nothing was stored");
            this.problems = List.copyOf(problems);
        }

        List<RowProblem> problems() {
            return problems;
        }
    }

    /** More rows than one upload may carry. */
    static final class TooManyRowsException extends RuntimeException {
        TooManyRowsException(int max) {
            super("more than " + max + " examples in one upload (sentiment.admin.uploads.max-example-rows); send them in parts");
        }
    }

    /** Longest entity (the dataset's second column: a topic name such as a game or a brand). */
    static final int MAX_ENTITY_LENGTH = 200;

    /** One stored row, as {@code GET /admin/examples} lists it. */
    record StoredExample(String id, String entity, String label, String text) {
    }

    private final Path file;
    private final Path committed;
    private final CrossProcessLock lock;
    private final int maxTextLength;
    private final int maxRows;
    private final Map<String, String> labels = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    ExampleStore(Path stateDir, int maxTextLength, int maxRows) {
        this.file = stateDir.resolve(FILE);
        this.committed = stateDir.resolve(FILE + ".committed");
        this.lock = new CrossProcessLock(stateDir.resolve(FILE + ".lock"));
        this.maxTextLength = maxTextLength;
        this.maxRows = maxRows;
        DatasetLoader.DATASET_LABELS.forEach(l -> labels.put(l, l));
    }

    Path file() {
        return file;
    }

    /**
     * Parses an uploaded CSV of {@code text,label[,entity]} rows; a first row {@code text,label} is a header. Stops
     * reading past this store's row limit.
     */
    List<LabelledText> parseCsv(Reader csv) {
        List<LabelledText> rows = new ArrayList<>();
        try (CSVParser parser = CSVFormat.DEFAULT.parse(csv)) {
            for (CSVRecord r : parser) {
                if (r.getRecordNumber() == 1 && r.size() >= 2 && r.get(0).strip().equalsIgnoreCase("text")
                        && r.get(1).strip().equalsIgnoreCase("label")) {
                    continue;
                }
                if (rows.size() == maxRows) {
                    throw new TooManyRowsException(maxRows);
                }
                rows.add(new LabelledText(r.size() > 0 ? r.get(0) : null, r.size() > 1 ? r.get(1) : null,
                        r.size() > 2 ? r.get(2) : null));
            }
        } catch (IOException | UncheckedIOException e) {
            // the parser's own words (line and position), without the name of its exception class
            Throwable cause = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
            throw new InvalidRowsException(List.of(new RowProblem(0, "csv", "the CSV cannot be parsed: " + cause.getMessage())));
        }
        return rows;
    }

    /** Checks every row, then appends all of them durably; returns what the file holds afterwards (no rows listed). */
    Page append(List<LabelledText> rows) {
        List<RowProblem> problems = new ArrayList<>();
        if (rows == null || rows.isEmpty()) {
            problems.add(new RowProblem(0, "examples", "no examples were sent"));
        } else if (rows.size() > maxRows) {
            throw new TooManyRowsException(maxRows);
        } else {
            for (int i = 0; i < rows.size(); i++) {
                check(i + 1, rows.get(i), problems);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRowsException(problems);
        }
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, FORMAT)) {
            for (LabelledText row : rows) {
                String entity = row.entity() == null || row.entity().isBlank() ? "example" : row.entity().strip();
                printer.printRecord("ex-" + UUID.randomUUID(), entity, labels.get(row.label().strip()), row.text());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
        return lock.locked(() -> {
            write(bytes);
            return page(0, 0);
        });
    }

    private void check(int row, LabelledText t, List<RowProblem> problems) {
        if (t == null) {
            problems.add(new RowProblem(row, "row", "is empty"));
            return;
        }
        if (t.text() == null || t.text().isBlank()) {
            problems.add(new RowProblem(row, "text", "must not be blank"));
        } else if (t.text().length() > maxTextLength) {
            problems.add(new RowProblem(row, "text", "has " + t.text().length() + " characters; at most " + maxTextLength));
        }
        if (t.entity() != null && t.entity().length() > MAX_ENTITY_LENGTH) {
            problems.add(new RowProblem(row, "entity", "has " + t.entity().length() + " characters; at most " + MAX_ENTITY_LENGTH));
        }
        if (t.label() == null || !labels.containsKey(t.label().strip())) {
            problems.add(new RowProblem(row, "label", "must be one of " + DatasetLoader.DATASET_LABELS + ", found '" + t.label() + "'"));
        }
    }

    /**
     * Appends one batch: written at the end of what was acknowledged before, forced to disk, then recorded as
     * acknowledged in {@code examples.csv.committed} (a temporary file renamed over it). A process killed halfway leaves
     * bytes past the recorded length, which {@link #recover} cuts off before anyone reads or writes again; a failed
     * write (a full disk) is cut off at once. Either way the file holds whole batches only, and every batch that was
     * acknowledged.
     */
    private void write(byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            long before = recover();
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                try {
                    ch.position(before);
                    ByteBuffer buf = ByteBuffer.wrap(bytes);
                    buf.limit(bytes.length / 2);
                    writeFully(ch, buf);
                    FaultPoints.reach("examples.append.half-written");
                    buf.limit(bytes.length);
                    writeFully(ch, buf);
                    ch.truncate(before + bytes.length);
                    ch.force(true);
                    commit(before + bytes.length);
                } catch (IOException | RuntimeException e) {
                    ch.truncate(before);
                    ch.force(true);
                    throw e;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store examples in " + file + ": " + e.getMessage(), e);
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    /** Records how many bytes of the file hold acknowledged batches. */
    private void commit(long length) throws IOException {
        Path temp = committed.resolveSibling(committed.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(ch, ByteBuffer.wrap((length + "\n").getBytes(StandardCharsets.US_ASCII)));
            ch.force(true);
        }
        Files.move(temp, committed, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    /**
     * Under the lock: cuts the file back to its acknowledged length (bytes past it are a batch whose writer died before
     * acknowledging it) and returns that length. A file without the record (written before it existed) counts whole.
     */
    private long recover() {
        try {
            long size = Files.exists(file) ? Files.size(file) : 0;
            if (!Files.exists(committed)) {
                return size;
            }
            long length = Long.parseLong(Files.readString(committed, StandardCharsets.US_ASCII).strip());
            if (size > length) {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    ch.truncate(length);
                    ch.force(true);
                }
                return length;
            }
            return size;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + file + " against its recorded end: " + e.getMessage(), e);
        }
    }

    /** What the file holds: rows by label, and the rows {@code offset} to {@code offset + limit - 1} in stored order. */
    record Page(Map<String, Long> byLabel, List<StoredExample> rows) {
        long total() {
            return byLabel.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Counts and one page of rows, read in one pass under the lock, so the two always agree. */
    Page page(long offset, int limit) {
        Map<String, Long> counts = new TreeMap<>();
        List<StoredExample> rows = new ArrayList<>();
        long[] row = {0};
        forEach(rec -> {
            counts.merge(rec.get(2), 1L, Long::sum);
            if (row[0] >= offset && rows.size() < limit) {
                rows.add(new StoredExample(rec.get(0), rec.get(1), rec.get(2), rec.get(3)));
            }
            row[0]++;
        });
        return new Page(counts, rows);
    }

    private void forEach(java.util.function.Consumer<CSVRecord> action) {
        lock.locked(() -> {
            recover();
            if (!Files.exists(file)) {
                return null;
            }
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8); CSVParser parser = FORMAT.parse(r)) {
                parser.forEach(action);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        });
    }

    /**
     * Rows as CSV for a spreadsheet, header first. A cell that a spreadsheet would take for a formula (it starts with
     * {@code = + - @}, a tab or a carriage return) gets a leading {@code '}, as OWASP advises against CSV injection; the
     * JSON listing keeps every text exactly as stored.
     */
    static String toSpreadsheetCsv(List<StoredExample> rows) {
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, FORMAT.builder().setHeader("id", "entity", "label", "text").get())) {
            for (StoredExample r : rows) {
                printer.printRecord(inert(r.id()), inert(r.entity()), inert(r.label()), inert(r.text()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static String inert(String cell) {
        if (cell == null || cell.isEmpty()) {
            return cell;
        }
        char c = cell.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + cell : cell;
    }

    /** Appends the stored examples to a stream (a job's training file), under the same lock as {@link #append}. */
    long copyTo(OutputStream out) throws IOException {
        try {
            return lock.locked(() -> {
                recover();
                if (!Files.exists(file)) {
                    return 0L;
                }
                try (InputStream in = Files.newInputStream(file)) {
                    return in.transferTo(out);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
