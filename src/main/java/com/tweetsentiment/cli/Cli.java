package com.tweetsentiment.cli;

import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar tweet-sentiment.jar <command>}: the offline tools that share the service's jar. */
@Command(name = "tweet-sentiment", mixinStandardHelpOptions = true, version = "tweet-sentiment 0.1",
        description = "Tweet sentiment: train, evaluate and query LSTM models. Without a command the jar starts the REST service.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, ProfileCommand.class, TeachersCommand.class,
            PublishTeacherCommand.class})
public final class Cli implements Runnable {

    private static final Set<String> COMMANDS = Set.of("train", "evaluate", "predict", "profile", "teachers", "publish-teacher", "help", "--help", "-h", "--version", "-V");

    /** True if the arguments ask for a CLI command rather than the service. */
    public static boolean isCommand(String[] args) {
        return args.length > 0 && COMMANDS.contains(args[0]);
    }

    public static int run(String[] args) {
        CommandLine cl = new CommandLine(new Cli());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("error: " + e.getMessage());
            return 1;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
