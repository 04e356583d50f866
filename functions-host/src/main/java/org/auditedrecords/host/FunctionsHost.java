package org.auditedrecords.host;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.auditedrecords.host.internal.FunctionScanner;
import org.auditedrecords.host.internal.HostHandler;
import org.auditedrecords.host.internal.InvocationRunner;
import org.auditedrecords.host.internal.ListenerRequestLog;
import org.auditedrecords.host.internal.RouteTable;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.BlockingArrayQueue;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Serves the HTTP-triggered functions of an Azure Functions app over real HTTP, routed by the same annotations that
 * generate its function.json, under {@code /api}. Stands in for the Functions host where Core Tools cannot run.
 *
 * <pre>{@code
 * try (FunctionsHost host = FunctionsHost.builder().appName("audit-api")
 *         .functionClasses(List.of(AuditFunctions.class)).keys(keys).build()) {
 *     host.start();
 *     URI api = host.baseUri().resolve("/api/auditrecords");
 * }
 * }</pre>
 */
public final class FunctionsHost implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(FunctionsHost.class.getName());
    private static final int JETTY_THREADS = 16;
    private static final int JETTY_QUEUE = 1024;
    private static final int MAX_REQUEST_HEADER_BYTES = 16 * 1024;

    private final String appName;
    private final RouteTable routes;
    private final Server server;
    private final ServerConnector connector;
    private final GracefulHandler inFlight;
    private final Duration stopTimeout;
    private volatile boolean drained;
    private final InvocationRunner runner;

    private FunctionsHost(Builder builder, RouteTable routes) {
        this.appName = builder.appName;
        this.routes = routes;
        this.runner = new InvocationRunner(appName, builder.workerThreads, builder.functionTimeout);

        QueuedThreadPool threads = new QueuedThreadPool(JETTY_THREADS, 2, 60_000,
                new BlockingArrayQueue<>(64, 64, JETTY_QUEUE));
        threads.setName(appName + "-http");
        this.server = new Server(threads);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(MAX_REQUEST_HEADER_BYTES);
        this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(builder.bindAddress.getHostAddress());
        connector.setPort(builder.port);
        connector.setIdleTimeout(builder.idleTimeout.toMillis());
        server.addConnector(connector);

        HostHandler.Settings settings = new HostHandler.Settings(
                appName, builder.keys, builder.accessRestrictions, builder.maxRequestBodyBytes);
        this.inFlight = new GracefulHandler(new HostHandler(settings, routes, runner));
        server.setHandler(inFlight);
        // A request can outlive the function timeout only by the time it takes to send the response.
        this.stopTimeout = builder.functionTimeout.plusSeconds(1);
        // Jetty's own error pages name the server; the Functions host answers such errors with an empty body.
        server.setErrorHandler((request, response, callback) -> {
            response.write(true, BufferUtil.EMPTY_BUFFER, callback);
            return true;
        });
        server.setRequestLog(new ListenerRequestLog(builder.requestLog));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds the port and starts serving; throws {@link IllegalStateException} when that fails. */
    public void start() {
        try {
            server.start();
        } catch (Exception e) {
            close();
            throw new IllegalStateException(appName + " could not start on " + connector.getHost() + ":"
                    + connector.getPort() + ": " + e.getMessage(), e);
        }
        LOG.info(() -> appName + " listening on " + baseUri() + routes);
    }

    /** The port bound, once started (useful with port 0). */
    public int port() {
        int port = connector.getLocalPort();
        if (port <= 0) {
            throw new IllegalStateException(appName + " is not started.");
        }
        return port;
    }

    /** E.g. {@code http://127.0.0.1:41234}; functions are at {@code /api/...} below it. */
    public URI baseUri() {
        String host = connector.getHost();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
    }

    /**
     * Refuses new requests (503) and waits up to {@code max} for those in flight to finish; returns whether they
     * all did. The host keeps its port until {@link #close()}.
     */
    public boolean drain(Duration max) {
        drained = true;
        return !server.isStarted() || Draining.drain(inFlight, max);
    }

    /**
     * Refuses new requests (503), lets those in flight finish (up to the function timeout, unless {@link #drain}
     * already waited), then closes every connection and releases the port.
     */
    @Override
    public void close() {
        // Waiting here rather than through Jetty's stop timeout ends the wait with the last request, instead of
        // also waiting for idle keep-alive connections to be noticed.
        if (!drained && !drain(stopTimeout)) {
            LOG.warning(() -> appName + ": requests still running after " + stopTimeout + " are cut off");
        }
        try {
            server.stop();
        } catch (Exception e) {
            LOG.log(Level.WARNING, appName + " did not stop cleanly", e);
        } finally {
            runner.close();
        }
    }

    /** Collects the host's settings; every one has a default except the function classes. */
    public static final class Builder {
        private String appName = "functions-app";
        private List<Class<?>> functionClasses = List.of();
        private Function<Class<?>, Object> instances = Builder::newInstance;
        private InetAddress bindAddress = ipv4Loopback();
        private int port;
        private FunctionKeys keys = FunctionKeys.none();
        private AccessRestrictions accessRestrictions = AccessRestrictions.allowAll();
        private long maxRequestBodyBytes = 4L * 1024 * 1024;
        private int workerThreads = 32;
        private Duration functionTimeout = Duration.ofSeconds(30);
        private Duration idleTimeout = Duration.ofSeconds(30);
        private RequestListener requestLog = entry -> LOG.fine(() -> entry.toString());

        private Builder() {
        }

        /** The app's name in logs and thread names. Default {@code functions-app}. */
        public Builder appName(String appName) {
            this.appName = requireText(appName, "appName");
            return this;
        }

        /** The classes scanned for {@code @FunctionName} methods with an {@code @HttpTrigger} parameter. */
        public Builder functionClasses(List<Class<?>> functionClasses) {
            this.functionClasses = List.copyOf(functionClasses);
            return this;
        }

        /**
         * How to obtain the instance of a function class; called once per class at {@link #build()}. Default: its
         * public no-argument constructor.
         */
        public Builder instances(Function<Class<?>, Object> instances) {
            this.instances = Objects.requireNonNull(instances, "instances");
            return this;
        }

        /** The address to listen on. Default 127.0.0.1, so nothing outside the machine can call. */
        public Builder bindAddress(InetAddress bindAddress) {
            this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
            return this;
        }

        /** The port; default 0, a free port chosen at start (see {@link FunctionsHost#port()}). */
        public Builder port(int port) {
            this.port = (int) requireRange(port, 0, 65_535, "port");
            return this;
        }

        /** The keys of FUNCTION- and ADMIN-level functions. Default: none, so every such call gets 401. */
        public Builder keys(FunctionKeys keys) {
            this.keys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /** Which source addresses may call. Default {@link AccessRestrictions#allowAll()}. */
        public Builder accessRestrictions(AccessRestrictions accessRestrictions) {
            this.accessRestrictions = Objects.requireNonNull(accessRestrictions, "accessRestrictions");
            return this;
        }

        /** Larger request bodies get 413. Default 4 MiB; the apps enforce their own, smaller limits. */
        public Builder maxRequestBodyBytes(long maxRequestBodyBytes) {
            this.maxRequestBodyBytes =
                    requireRange(maxRequestBodyBytes, 0, Integer.MAX_VALUE - 8, "maxRequestBodyBytes");
            return this;
        }

        /**
         * Functions running at once; as many more may wait, beyond that a request gets 503 with {@code Retry-After}.
         * Default 32.
         */
        public Builder workerThreads(int workerThreads) {
            this.workerThreads = (int) requireRange(workerThreads, 1, 10_000, "workerThreads");
            return this;
        }

        /** A function running longer is interrupted and its request gets 503. Default 30 s, as host.json's default. */
        public Builder functionTimeout(Duration functionTimeout) {
            this.functionTimeout = requirePositive(functionTimeout, "functionTimeout");
            return this;
        }

        /** A connection silent for longer (a slow or stalled client) is closed. Default 30 s. */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = requirePositive(idleTimeout, "idleTimeout");
            return this;
        }

        /** Told about every finished request. Default: a FINE log line. */
        public Builder requestLog(RequestListener requestLog) {
            this.requestLog = Objects.requireNonNull(requestLog, "requestLog");
            return this;
        }

        /**
         * Scans the function classes and prepares the server without binding it.
         *
         * @throws IllegalArgumentException when a function cannot be served (invalid route template, unsupported
         *                                  parameter or return type) or two functions share a name
         */
        public FunctionsHost build() {
            if (functionClasses.isEmpty()) {
                throw new IllegalArgumentException("Give the function classes of " + appName + ".");
            }
            return new FunctionsHost(this, FunctionScanner.scan(functionClasses, instances));
        }

        private static InetAddress ipv4Loopback() {
            try {
                return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
            } catch (UnknownHostException e) {
                throw new IllegalStateException("A four-byte address is always valid.", e);
            }
        }

        private static Object newInstance(Class<?> type) {
            try {
                return type.getConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException("Cannot create " + type.getName()
                        + " with a public no-argument constructor; pass an instances(...) factory.", e);
            }
        }

        private static String requireText(String value, String name) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank.");
            }
            return value;
        }

        private static long requireRange(long value, long min, long max, String name) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ".");
            }
            return value;
        }

        private static Duration requirePositive(Duration value, String name) {
            if (Objects.requireNonNull(value, name).isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive.");
            }
            return value;
        }
    }
}
