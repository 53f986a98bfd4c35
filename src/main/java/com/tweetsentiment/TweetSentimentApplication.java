package com.tweetsentiment;

import com.tweetsentiment.admin.WorkerApplication;
import com.tweetsentiment.cli.Cli;
import com.tweetsentiment.serving.EnginePreload;
import java.lang.management.ManagementFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * {@code java -jar app.jar} starts the service; {@code java -jar app.jar worker} the job worker;
 * {@code java -jar app.jar train|evaluate|predict ...} runs a CLI command.
 * Spring Security's default user is left out: the only credential is the admin token (see the admin package), and
 * the default would print a generated password to the log.
 */
@SpringBootApplication(excludeName = "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration")
public class TweetSentimentApplication {

    public static void main(String[] args) {
        boundOffHeapMemory();
        if (args.length > 0 && args[0].equals("worker")) {
            // the build's AOT-generated context is the service's; the worker's is built at run time
            System.clearProperty("spring.aot.enabled");
            WorkerApplication.run(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (Cli.isCommand(args)) {
            System.setProperty("logback.configurationFile", "logback-cli.xml");
            System.exit(Cli.run(args));
        }
        SpringApplication service = new SpringApplication(TweetSentimentApplication.class);
        service.addListeners(new EnginePreload());
        service.run(args);
    }

    /**
     * ND4J's arrays live off the Java heap and are freed when the garbage collector finds them unreachable.
     * JavaCPP lets off-heap memory grow to the heap size (and the process to 4× it) before it asks for a
     * collection, so a training run with a large heap and many short-lived arrays grew past 11 GB and was
     * killed. Unless set on the command line, cap what JavaCPP may hold (it then collects garbage to stay
     * below): the process stays near heap + 2 GB, and inside a container's memory limit (which the JVM reports
     * as the machine's memory) at most 90 % of it.
     */
    static void boundOffHeapMemory() {
        long heap = Runtime.getRuntime().maxMemory();
        long physical = heap + (3L << 30);
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            physical = Math.min(physical, (long) (os.getTotalMemorySize() * 0.9));
        }
        long offHeap = Math.min(2L << 30, Math.max(256L << 20, physical - heap - (256L << 20)));
        if (System.getProperty("org.bytedeco.javacpp.maxbytes") == null) {
            System.setProperty("org.bytedeco.javacpp.maxbytes", String.valueOf(offHeap));
        }
        if (System.getProperty("org.bytedeco.javacpp.maxphysicalbytes") == null) {
            System.setProperty("org.bytedeco.javacpp.maxphysicalbytes", String.valueOf(Math.max(physical, heap + offHeap)));
        }
    }
}
