package com.tweetsentiment.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.BuildImageResultCallback;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;

/**
 * Our image, built once for all container tests of a run from our Dockerfile (target {@code app-prebuilt}: the jar
 * that {@code mvn package} just made) and removed when the test JVM ends. The runtime base image is
 * {@code eclipse-temurin:17-jre-jammy} unless {@code TWEET_SENTIMENT_RUNTIME_IMAGE} names another (CI builds one
 * locally, as no registry is reachable there).
 */
final class TestImage {

    static final Path ROOT = Path.of("").toAbsolutePath();
    private static String image;

    private TestImage() {
    }

    static synchronized String get() {
        if (image != null) {
            return image;
        }
        String runtime = System.getenv().getOrDefault("TWEET_SENTIMENT_RUNTIME_IMAGE", "eclipse-temurin:17-jre-jammy");
        assertThat(ROOT.resolve("target/tweet-sentiment.jar")).as("run after mvn package").exists();
        // built through Testcontainers' Docker client rather than ImageFromDockerfile, which would first try to pull
        // every FROM line, stage names included (nothing can be pulled without a registry)
        String tag = "tweet-sentiment-it:" + UUID.randomUUID().toString().substring(0, 8);
        DockerClientFactory.instance().client().buildImageCmd(ROOT.resolve("Dockerfile").toFile())
                .withTarget("app-prebuilt")
                .withBuildArg("RUNTIME_IMAGE", runtime)
                .withTags(Set.of(tag))
                .exec(new BuildImageResultCallback())
                .awaitImageId();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> DockerClientFactory.instance().client().removeImageCmd(tag).withForce(true).exec()));
        image = tag;
        return image;
    }
}
