package com.tweetsentiment.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.tweetsentiment.serving.TestModels;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI on broken CSVs and bad options: a message and a non-zero exit, never a stack trace. The CSVs are generated
 * from a seed (broken quoting, wrong column counts, unknown labels, binary noise, an empty file, a missing one).
 */
class CliBadInputTest {

    @TempDir
    static Path dir;
    static Path models;

    @BeforeAll
    static void models() {
        models = TestModels.root(dir.resolve("models"), TestModels.GOLDEN);
    }

    record Outcome(int exit, String err) {
    }

    static Outcome run(String... args) {
        PrintStream err = System.err;
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (PrintStream p = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setErr(p);
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            int exit = Cli.run(args);
            return new Outcome(exit, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(err);
            System.setOut(out);
        }
    }

    static List<String> brokenCsvs(SplittableRandom r) {
        List<String> csvs = new ArrayList<>(List.of("", "\n\n\n", "1,entity,Positive\n", "\"unclosed,quote,Positive,text\n",
                "1,e,Happy,some text\n2,e,Sad,more text\n", "a;b;c;d\n", "\uFEFF\n"));
        for (int i = 0; i < 8; i++) {
            byte[] noise = new byte[1 + r.nextInt(400)];
            r.nextBytes(noise);
            csvs.add(new String(noise, StandardCharsets.ISO_8859_1));
        }
        return csvs;
    }

    @TestFactory
    Stream<DynamicTest> brokenCsvsAndBadOptionsGiveAMessageAndANonZeroExit() throws Exception {
        List<String[]> commands = new ArrayList<>();
        List<String> csvs = brokenCsvs(new SplittableRandom(11));
        for (int i = 0; i < csvs.size(); i++) {
            Path csv = Files.writeString(dir.resolve("broken-" + i + ".csv"), csvs.get(i), StandardCharsets.UTF_8);
            commands.add(new String[] {"train", "--data", csv.toString(), "--out", dir.resolve("out").toString(), "--teacher", "none",
                "--epochs", "1", "--progress", "lines"});
            commands.add(new String[] {"evaluate", "--model", models.toString(), "--data", csv.toString()});
        }
        Path good = Files.writeString(dir.resolve("good.csv"), "1,e,Positive,love it\n2,e,Negative,hate it\n");
        commands.add(new String[] {"train", "--data", dir.resolve("missing.csv").toString(), "--out", dir.resolve("out").toString()});
        commands.add(new String[] {"train", "--data", good.toString(), "--out", dir.resolve("out").toString(), "--epochs", "many"});
        commands.add(new String[] {"train", "--data", good.toString(), "--out", dir.resolve("out").toString(), "--epochs", "-3"});
        commands.add(new String[] {"train", "--data", good.toString(), "--out", dir.resolve("out").toString(), "--teacher", "gpt"});
        commands.add(new String[] {"train", "--data", good.toString(), "--out", dir.resolve("out").toString(), "--preset", "nope"});
        commands.add(new String[] {"train", "--data", good.toString(), "--out", dir.resolve("out").toString(), "--version-name", "../x"});
        commands.add(new String[] {"train", "--no-such-option"});
        commands.add(new String[] {"evaluate", "--model", dir.resolve("nothing").toString(), "--data", good.toString()});
        commands.add(new String[] {"evaluate", "--model", models.toString(), "--data", good.toString(), "--split", "sideways"});
        commands.add(new String[] {"predict", "--model", models.toString(), "--threads", "0"});
        return commands.stream().map(args -> DynamicTest.dynamicTest(String.join(" ", args).replace(dir.toString(), "<dir>"), () -> {
            Outcome o = run(args);
            assertThat(o.exit()).as(o.err()).isNotZero();
            assertThat(o.err()).as("a message").isNotBlank();
            assertThat(o.err()).as("no stack trace").doesNotContain("\tat ", "Exception:", "Caused by");
        }));
    }
}
