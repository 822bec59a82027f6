package dev.barista.load.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Where and how a lab ran, for the report's header: machine, kernel, JDK, commit, command, date. */
public record MachineInfo(String cpu, int cores, double memoryGb, String kernel, String jdk, String commit,
                          String date, String command, String pinning) {

    static MachineInfo here(String command, CpuPlan cpus) {
        // Not availableProcessors(): the lab has pinned itself to half of the cores by now.
        int cores = (int) readOr("/proc/cpuinfo", "").lines().filter(l -> l.startsWith("processor")).count();
        if (cores == 0) cores = Runtime.getRuntime().availableProcessors();
        String cpu = "unknown CPU";
        double memGb = 0;
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
            memGb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .findFirst().map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1048576.0).orElse(0.0);
        } catch (IOException | RuntimeException e) {
            // not Linux: the header says unknown
        }
        String kernel = "Linux " + readOr("/proc/sys/kernel/osrelease", "?");
        String jdk = System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                + Runtime.version();
        return new MachineInfo(cpu, cores, memGb, kernel, jdk, gitCommit(), Instant.now().truncatedTo(ChronoUnit.SECONDS)
                .toString(), command, cpus.describe());
    }

    private static String readOr(String path, String fallback) {
        try {
            return Files.readString(Path.of(path)).trim();
        } catch (IOException | RuntimeException e) {
            return fallback;
        }
    }

    static String gitCommit() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (p.waitFor() != 0) return "unknown";
            Process d = new ProcessBuilder("git", "status", "--porcelain", "--untracked-files=no").start();
            boolean dirty = !new String(d.getInputStream().readAllBytes()).isBlank();
            d.waitFor();
            return dirty ? out + " (with uncommitted changes)" : out;
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }
}
