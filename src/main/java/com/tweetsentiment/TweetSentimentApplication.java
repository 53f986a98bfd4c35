package com.tweetsentiment;

import com.tweetsentiment.cli.Cli;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** {@code java -jar app.jar} starts the service; {@code java -jar app.jar train|evaluate|predict ...} runs a CLI command. */
@SpringBootApplication
public class TweetSentimentApplication {

    public static void main(String[] args) {
        if (Cli.isCommand(args)) {
            System.setProperty("logback.configurationFile", "logback-cli.xml");
            System.exit(Cli.run(args));
        }
        SpringApplication.run(TweetSentimentApplication.class, args);
    }
}
