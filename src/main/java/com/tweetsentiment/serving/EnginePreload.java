package com.tweetsentiment.serving;

import com.tweetsentiment.engine.LstmEngine;
import com.tweetsentiment.engine.Nd4jThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;

/**
 * The service's start-up: as soon as logging is set up, loads ND4J's native backend (a library of several hundred
 * megabytes, about a second here) and the engine's SIMD kernels on a thread of their own, while Spring builds the
 * service; the model registry then finds them loaded. Only the service's {@code main} registers it.
 */
public final class EnginePreload implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    private static final Logger log = LoggerFactory.getLogger(EnginePreload.class);

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        Thread t = new Thread(() -> {
            try {
                Nd4jThreads.set(1);   // as the service sets it (ServingConfiguration)
                LstmEngine.simd();
            } catch (Throwable e) {
                // the registry's own load will fail too, but the JVM then reports only "could not initialize class"
                log.error("loading ND4J's backend failed", e);
            }
        }, "engine-preload");
        t.setDaemon(true);
        t.start();
    }
}
