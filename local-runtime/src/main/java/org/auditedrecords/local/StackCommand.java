package org.auditedrecords.local;

import java.io.PrintStream;
import java.time.Clock;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.auditedrecords.common.config.Env;
import org.auditedrecords.common.secrets.LocalVault;
import org.auditedrecords.local.seed.SeedCommand;

/**
 * {@code ./stack [up]} runs the system in the foreground until Ctrl-C; {@code ./stack rotate patient-api|audit-api}
 * rotates an app's keys while it runs; {@code ./stack keys} prints the subscription keys as shell exports;
 * {@code ./stack trace <traceId>} prints every component's log lines of one request; {@code ./stack token [objectId]}
 * prints a one-hour integrator access token from the local token issuer (for {@code Authorization: Bearer});
 * {@code ./stack seed ...} grows a stopped stack's data for benchmarks ({@link SeedCommand}).
 */
public final class StackCommand {
    /** Entra ID's default access token lifetime is 60-90 minutes. */
    private static final java.time.Duration TOKEN_LIFETIME = java.time.Duration.ofHours(1);

    private StackCommand() {
    }

    public static void main(String[] args) throws Exception {
        StackSettings settings = StackSettings.from(Env.system());
        String command = args.length == 0 ? "up" : args[0];
        PrintStream out = System.out;
        switch (command) {
            case "up" -> up(settings, out);
            case "rotate" -> {
                if (args.length != 2) {
                    usage();
                }
                new KeyRotation(new LocalVault(settings.vaultDir(), Clock.systemUTC()), d -> Thread.sleep(d.toMillis()),
                        line -> out.println("[rotate] " + line)).rotate(args[1], settings.rotationOverlap());
                out.println("[rotate] done: " + args[1] + " now accepts only its new keys");
            }
            case "trace" -> {
                if (args.length != 2) {
                    usage();
                }
                Path log = settings.dataDir().resolve("logs").resolve("stack.jsonl");
                try (var lines = java.nio.file.Files.lines(log)) {
                    lines.filter(line -> line.contains("\"traceId\":\"" + args[1] + "\"")).forEach(out::println);
                }
            }
            case "keys" -> {
                LocalVault vault = new LocalVault(settings.vaultDir(), Clock.systemUTC());
                out.println("export STACK_INTEGRATOR_KEY=" + vault.latest(StackSecrets.INTEGRATOR_SUBSCRIPTION_KEY).value());
                out.println("export STACK_COMPLIANCE_KEY=" + vault.latest(StackSecrets.COMPLIANCE_SUBSCRIPTION_KEY).value());
            }
            case "token" -> {
                if (args.length > 2) {
                    usage();
                }
                String objectId = args.length == 2 ? args[1] : java.util.UUID.randomUUID().toString();
                LocalVault vault = new LocalVault(settings.vaultDir(), Clock.systemUTC());
                vault.putIfAbsent(StackSecrets.TOKEN_SIGNING_KEY, LocalTokenIssuer::newSigningKey);
                out.println(new LocalTokenIssuer(vault, settings.tokenPolicy(), Clock.systemUTC(),
                        org.auditedrecords.common.json.Json.newMapper()).issue(objectId, "local-client", TOKEN_LIFETIME));
            }
            case "seed" -> {
                quietConsole();
                SeedCommand.run(settings, java.util.Arrays.asList(args).subList(1, args.length), out);
            }
            default -> usage();
        }
    }

    private static void up(StackSettings settings, PrintStream out) throws InterruptedException {
        quietConsole();
        Stack stack = Stack.start(settings, out::println);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping: requests in flight get up to " + settings.drainTimeout() + ", then the stores close");
            stack.close();
            out.println("Stopped.");
            out.flush();
            stopped.countDown();
        }));
        out.println();
        out.println("Audited patient records: local stack is up");
        out.println("  gateway          " + stack.gatewayUri());
        out.println("  integrator key   " + stack.integratorKey() + "   (Ocp-Apim-Subscription-Key for /patient/...)");
        out.println("  compliance key   " + stack.complianceKey() + "   (Ocp-Apim-Subscription-Key for /audit/...)");
        out.println("  St Mary's key    " + stack.subscriptionKey("integrator-stmarys")
                + "   (a second integrator organisation, integrator-stmarys)");
        out.println("  console          " + stack.gatewayUri() + "/console/   (compliance console: sign in with the compliance key)");
        out.println("  data             " + settings.dataDir().toAbsolutePath() + "   (kept across restarts)");
        out.println("  try              curl -s -X POST " + stack.gatewayUri() + "/patient -H 'Ocp-Apim-Subscription-Key: "
                + stack.integratorKey() + "' -H 'Content-Type: application/json' -d '{\"firstName\":\"Ada\",\"gender\":"
                + "\"female\",\"dateOfBirth\":\"1815-12-10\",\"postCode\":\"W1 1AA\"}'");
        out.println("  logs             " + stack.logFile().toAbsolutePath() + "   (JSON lines; ./stack trace <traceId> filters)");
        out.println("  events           " + stack.topic().endpoint() + " -> example subscriber "
                + stack.subscriber().endpoint() + "   (dead letters in " + stack.deadLetterDir().toAbsolutePath() + ")");
        out.println("Ctrl-C stops. One line per request follows, with each hop's status and duration.");
        stopped.await();
    }

    /** The console shows request summaries and warnings; every JSON event goes to the log file instead. */
    private static void quietConsole() {
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        ConsoleHandler warnings = new ConsoleHandler() {
            // StreamHandler.publish takes the handler's lock before it looks at the level, so every INFO line
            // of every thread would queue on it just to be dropped.
            @Override
            public void publish(LogRecord record) {
                if (isLoggable(record)) {
                    super.publish(record);
                }
            }
        };
        warnings.setLevel(Level.WARNING);
        warnings.setFilter(r -> r.getMessage() == null || !r.getMessage().startsWith("{"));
        root.addHandler(warnings);
    }

    private static void usage() {
        System.err.println("usage: ./stack [up] | ./stack rotate patient-api|audit-api | ./stack keys | ./stack trace <traceId> "
                + "| ./stack token [objectId] | " + SeedCommand.USAGE);
        System.exit(2);
    }
}
