package dev.barista.load.lab;

import java.util.List;
import java.util.Set;

/**
 * A server the lab measures: one of Barista's models, or a peer (a hello-world server on another framework).
 *
 * @param name      the model's name, or the peer's
 * @param barista   true for a Barista model: it has {@code /stats}, and runs every workload
 * @param launch    the command up to (not including) the port argument's value; the lab appends the port,
 *                  then {@code extra} and the workload's server arguments for Barista
 * @param workloads the workloads this server can run
 */
public record LabTarget(String name, boolean barista, List<String> launch, Set<Workload> workloads) {

    /** {@code <launcher> serve --model M --shutdown-grace 1 --port}. */
    public static LabTarget model(String model, List<String> launcher) {
        List<String> cmd = new java.util.ArrayList<>(launcher);
        cmd.addAll(List.of("serve", "--model", model, "--shutdown-grace", "1", "--port"));
        return new LabTarget(model, true, List.copyOf(cmd), Set.of(Workload.values()));
    }

    /**
     * This target under another name with JVM options added right after the java command (a variant: say,
     * process-per-connection without its startup archive).
     */
    public LabTarget variant(String variantName, List<String> jvmOptions) {
        List<String> cmd = new java.util.ArrayList<>(launch);
        cmd.addAll(1, jvmOptions);
        return new LabTarget(variantName, barista, List.copyOf(cmd), workloads);
    }

    /** The model this target runs: its name up to a variant's "/" suffix. */
    public String model() {
        int slash = name.indexOf('/');
        return slash < 0 ? name : name.substring(0, slash);
    }

    /** A peer main class in the bench jar, which takes {@code --port P}. */
    public static LabTarget peer(String name, List<String> javaCommand, String benchJar, String mainClass,
                                 Set<Workload> workloads) {
        List<String> cmd = new java.util.ArrayList<>(javaCommand);
        cmd.addAll(List.of("-cp", benchJar, mainClass, "--port"));
        return new LabTarget(name, false, List.copyOf(cmd), workloads);
    }
}
