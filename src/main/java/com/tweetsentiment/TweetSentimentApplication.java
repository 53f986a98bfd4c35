package com.tweetsentiment;

import com.tweetsentiment.cli.Cli;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * {@code java -jar app.jar} starts the service; {@code java -jar app.jar train|evaluate|predict ...} runs a CLI command.
 * Spring Security's default user is left out: the only credential is the admin token (see the admin package), and
 * the default would print a generated password to the log.
 */
@SpringBootApplication(excludeName = "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration")
public class TweetSentimentApplication {

    public static void main(String[] args) {
        boundOffHeapMemory();
        if (Cli.isCommand(args)) {
            System.setProperty("logback.configurationFile", "logback-cli.xml");
            System.exit(Cli.run(args));
        }
        SpringApplication.run(TweetSentimentApplication.class, args);
    }

    /**
     * ND4J's arrays live off the Java heap and are freed when the garbage collector finds them unreachable.
     * JavaCPP lets off-heap memory grow to the heap size (and the process to 4× it) before it asks for a
     * collection, so a training run with a large heap and many short-lived arrays grew past 11 GB and was
     * killed. Unless set on the command line, cap what JavaCPP may hold (it then collects garbage to stay
     * below), which keeps the process near heap + 2 GB.
     */
    static void boundOffHeapMemory() {
        if (System.getProperty("org.bytedeco.javacpp.maxbytes") == null) {
            System.setProperty("org.bytedeco.javacpp.maxbytes", "2G");
        }
        if (System.getProperty("org.bytedeco.javacpp.maxphysicalbytes") == null) {
            long heap = Runtime.getRuntime().maxMemory();
            System.setProperty("org.bytedeco.javacpp.maxphysicalbytes", String.valueOf(heap + (3L << 30)));
        }
    }
}
