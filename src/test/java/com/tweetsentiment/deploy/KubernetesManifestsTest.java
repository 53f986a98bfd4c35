package com.tweetsentiment.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kustomize manifests in {@code deploy/kubernetes}, as {@code kubectl kustomize} renders them (CI installs kubectl;
 * elsewhere, without it, the listed resources are read as they are). No cluster runs here: this checks what a review
 * would, that every container has its probes, requests and limits, a locked-down security context, the shared volume
 * and a writable {@code /tmp}, and that the pieces refer to each other correctly.
 */
class KubernetesManifestsTest {

    static final Path DIR = Path.of("deploy/kubernetes");
    static List<Map<String, Object>> docs;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void render() throws Exception {
        String yaml = kubectl().isPresent() ? renderWithKubectl() : concatenateResources();
        docs = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(yaml)) {
            if (doc != null) {
                docs.add((Map<String, Object>) doc);
            }
        }
    }

    private static java.util.Optional<Path> kubectl() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, "kubectl");
            if (Files.isExecutable(p)) {
                return java.util.Optional.of(p);
            }
        }
        // in CI the rendering itself is under test: kubectl must be there (.ci/run installs it)
        assertThat(System.getenv("CI")).as("CI must render with kubectl").isNotEqualTo("true");
        return java.util.Optional.empty();
    }

    private static String renderWithKubectl() throws Exception {
        Process p = new ProcessBuilder(kubectl().orElseThrow().toString(), "kustomize", DIR.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @SuppressWarnings("unchecked")
    private static String concatenateResources() throws Exception {
        Map<String, Object> k = new Yaml().load(Files.readString(DIR.resolve("kustomization.yaml")));
        StringBuilder all = new StringBuilder();
        for (String r : (List<String>) k.get("resources")) {
            all.append(Files.readString(DIR.resolve(r))).append("\n---\n");
        }
        return all.toString();
    }

    private static List<Map<String, Object>> kind(String kind) {
        return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    private static Map<String, Object> named(String kind, String name) {
        return kind(kind).stream().filter(d -> name.equals(map(d, "metadata").get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> m, String... path) {
        Map<String, Object> at = m;
        for (String key : path) {
            Object next = at.get(key);
            assertThat(next).as("%s in %s", key, String.join(".", path)).isInstanceOf(Map.class);
            at = (Map<String, Object>) next;
        }
        return at;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> m, String key) {
        Object v = m.get(key);
        assertThat(v).as(key).isInstanceOf(List.class);
        return (List<Map<String, Object>>) v;
    }

    @Test
    void rendersEveryPieceTheDeploymentNeeds() {
        assertThat(docs).extracting(d -> d.get("kind")).containsExactlyInAnyOrder("Secret", "PersistentVolumeClaim", "Deployment",
                "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler", "Deployment");
        assertThat(map(named("Deployment", "tweet-sentiment-api"), "spec").get("replicas")).isEqualTo(3);
        assertThat(map(named("Deployment", "tweet-sentiment-worker"), "spec").get("replicas")).isEqualTo(1);
        assertThat(map(named("PersistentVolumeClaim", "tweet-sentiment-data"), "spec").get("accessModes")).isEqualTo(List.of("ReadWriteMany"));
    }

    @Test
    void everyContainerHasProbesLimitsALockedDownSecurityContextTheSharedVolumeAndATmp() {
        for (Map<String, Object> deployment : kind("Deployment")) {
            String name = (String) map(deployment, "metadata").get("name");
            Map<String, Object> pod = map(deployment, "spec", "template", "spec");
            Map<String, Object> podSecurity = map(pod, "securityContext");
            assertThat(podSecurity.get("runAsNonRoot")).as(name).isEqualTo(true);
            assertThat(podSecurity.get("runAsUser")).as(name + ": the image's own user").isEqualTo(10001);
            Map<String, String> claims = new java.util.HashMap<>();
            List<String> emptyDirs = new ArrayList<>();
            for (Map<String, Object> v : list(pod, "volumes")) {
                if (v.containsKey("persistentVolumeClaim")) {
                    claims.put((String) v.get("name"), (String) map(v, "persistentVolumeClaim").get("claimName"));
                }
                if (v.containsKey("emptyDir")) {
                    emptyDirs.add((String) v.get("name"));
                }
            }
            for (Map<String, Object> c : list(pod, "containers")) {
                String where = name + "/" + c.get("name");
                for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    assertThat(map(c, probe, "httpGet").get("path")).as(where + " " + probe).asString().startsWith("/actuator/health/");
                }
                for (String r : List.of("requests", "limits")) {
                    assertThat(map(c, "resources", r)).as(where + " " + r).containsKeys("cpu", "memory");
                }
                Map<String, Object> security = map(c, "securityContext");
                assertThat(security.get("readOnlyRootFilesystem")).as(where).isEqualTo(true);
                assertThat(security.get("allowPrivilegeEscalation")).as(where).isEqualTo(false);
                assertThat(map(security, "capabilities").get("drop")).as(where).isEqualTo(List.of("ALL"));
                Map<String, String> mounts = new java.util.HashMap<>();
                for (Map<String, Object> m : list(c, "volumeMounts")) {
                    mounts.put((String) m.get("mountPath"), (String) m.get("name"));
                }
                assertThat(claims.get(mounts.get("/data"))).as(where + ": /data on the shared claim").isEqualTo("tweet-sentiment-data");
                assertThat(emptyDirs).as(where + ": /tmp on an emptyDir").contains(mounts.get("/tmp"));
                boolean token = list(c, "env").stream().anyMatch(e -> "SENTIMENT_ADMIN_TOKEN".equals(e.get("name"))
                        && "tweet-sentiment-admin".equals(map(e, "valueFrom", "secretKeyRef").get("name")));
                if (name.endsWith("-api")) {
                    assertThat(token).as(where + ": the admin token from the Secret").isTrue();
                    assertThat(list(c, "env")).as(where + ": jobs go to the worker")
                            .anySatisfy(e -> assertThat(e).containsEntry("name", "SENTIMENT_ADMIN_JOBS_RUNNER").containsEntry("value", "external"));
                } else {
                    assertThat(c.get("args")).as(where).isEqualTo(List.of("worker"));
                }
            }
        }
    }

    @Test
    void theServiceTheBudgetAndTheAutoscalerPointAtTheApi() {
        Map<String, Object> apiLabels = map(named("Deployment", "tweet-sentiment-api"), "spec", "template", "metadata", "labels");
        assertThat(apiLabels).containsAllEntriesOf(map(named("Service", "tweet-sentiment"), "spec", "selector"));
        assertThat(apiLabels).containsAllEntriesOf(map(named("PodDisruptionBudget", "tweet-sentiment-api"), "spec", "selector",
                "matchLabels"));
        Map<String, Object> hpa = map(named("HorizontalPodAutoscaler", "tweet-sentiment-api"), "spec");
        assertThat(map(hpa, "scaleTargetRef")).containsEntry("kind", "Deployment").containsEntry("name", "tweet-sentiment-api");
        assertThat(list(hpa, "metrics")).anySatisfy(m -> assertThat(map(m, "resource").get("name")).isEqualTo("cpu"));
        Map<String, Object> worker = map(named("Deployment", "tweet-sentiment-worker"), "spec", "template", "metadata", "labels");
        assertThat(worker).as("the Service must not send requests to the worker")
                .doesNotContainEntry("app.kubernetes.io/component", "api");
    }

    @Test
    void theManifestsAreAllListedInTheKustomization() throws Exception {
        String kustomization = Files.readString(DIR.resolve("kustomization.yaml"));
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".yaml") && !f.endsWith("kustomization.yaml")).toList()) {
                assertThat(kustomization).as(f.getFileName() + " is rendered").contains("- " + f.getFileName());
            }
        }
    }
}
