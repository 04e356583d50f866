package org.auditedrecords.host.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class InvocationRunnerTest {

    @Test
    void submit_invocationsThatFinishInTime_leaveNoAlarmBehind() throws Exception {
        // given a runner whose timeout is far away, as the 30 s default is
        try (InvocationRunner runner = new InvocationRunner("test", 4, Duration.ofMinutes(5))) {
            // when many invocations finish well within it
            List<CompletableFuture<Object>> outcomes = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                outcomes.add(runner.submit(() -> n));
                outcomes.get(i).get(5, TimeUnit.SECONDS);
            }

            // then each one's timeout alarm is gone with it: a cancelled alarm left queued would keep its
            // invocation (request and response) reachable until the timeout, at every request rate
            assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome).isCompleted());
            assertThat(outcomes.get(199).get()).isEqualTo(199);
            assertThat(runner.pendingAlarms()).isZero();
        }
    }

    @Test
    void submit_invocationOverTheTimeout_failsWithTimeout() {
        // given a runner with a short timeout
        try (InvocationRunner runner = new InvocationRunner("test", 1, Duration.ofMillis(100))) {
            // when an invocation runs longer
            CompletableFuture<Object> outcome = runner.submit(() -> {
                Thread.sleep(10_000);
                return "late";
            });

            // then its alarm still fires: removing cancelled alarms does not remove live ones
            assertThat(outcome).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(Exception.class)
                    .withCauseInstanceOf(TimeoutException.class);
        }
    }
}
