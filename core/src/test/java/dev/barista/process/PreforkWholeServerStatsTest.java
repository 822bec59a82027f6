package dev.barista.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A prefork worker answering for the whole server asks its master over IPC: whichever worker the kernel
 * picks, the answer adds up every worker's requests, threads, loops and pools, plus the master.
 */
class PreforkWholeServerStatsTest {

    @Test
    @Timeout(90)
    void eachWorkerAnswersWithTheWholeServer() throws Exception {
        PreforkMaster master = PreforkMaster.start(PreforkRestartTest.masterConfig(), 2,
                StatsTestServer.program("prefork", 2));
        try {
            Set<String> servedBy = new HashSet<>();
            for (int i = 0; i < 40; i++) servedBy.add(HttpProbe.once(master.port(), "/pid").body());
            assertThat(servedBy).as("the kernel spreads connections over both workers").hasSize(2);
            Eventually.until("both workers' requests reported", Duration.ofSeconds(5),
                    () -> master.aggregate().requests() == 40);

            Map<String, Map<String, String>> answers = new HashMap<>();
            int asked = 0;
            while (answers.size() < 2 && asked < 200) {
                Map<String, String> answer = words(HttpProbe.once(master.port(), "/whole").body());
                asked++;
                answers.put(answer.get("pid"), answer);
            }
            assertThat(answers.keySet()).as("answers from both workers").isEqualTo(servedBy);
            for (Map<String, String> answer : answers.values()) {
                assertThat(answer).containsEntry("model", "prefork").containsEntry("partial", "false")
                        .containsEntry("processes", "3").containsEntry("workers", "2").containsEntry("loops", "2")
                        .containsEntry("live_children", "none");
                long whole = Long.parseLong(answer.get("requests"));
                long own = Long.parseLong(answer.get("own_requests"));
                assertThat(whole).as("the 40 requests and this one").isBetween(41L, 40L + asked);
                assertThat(own).as("one worker's share").isLessThan(whole - 1);
                assertThat(Integer.parseInt(answer.get("platform_threads")))
                        .isGreaterThan(Integer.parseInt(answer.get("own_platform_threads")));
                assertThat(Integer.parseInt(answer.get("pool_threads")))
                        .isEqualTo(2 * PreforkRestartTest.masterConfig().workers());
            }
            Eventually.until("the snapshot's counters to be the aggregate", Duration.ofSeconds(5),
                    () -> master.snapshot().counters().equals(master.aggregate()));
        } finally {
            master.stop(Duration.ofSeconds(2));
        }
    }

    private static Map<String, String> words(String body) {
        Map<String, String> words = new HashMap<>();
        for (String word : body.trim().split(" ")) {
            int eq = word.indexOf('=');
            words.put(word.substring(0, eq), word.substring(eq + 1));
        }
        return words;
    }
}
