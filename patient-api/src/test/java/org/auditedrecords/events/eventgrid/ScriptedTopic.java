package org.auditedrecords.events.eventgrid;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.auditedrecords.common.tls.LocalCertificate;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** A stand-in for an Event Grid topic on a free loopback port, over HTTPS: records each request, answers with a set status. */
final class ScriptedTopic implements AutoCloseable {
    record Received(String method, String pathAndQuery, String key, String contentType, String body) {
    }

    private final Server server = new Server();
    private final List<Received> received = new ArrayList<>();
    private volatile int status = 200;

    /** Listens over HTTPS with {@code certificate}, as Event Grid does: the SDK sends keys over nothing else. */
    ScriptedTopic(LocalCertificate certificate) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(certificate.keyStore().toString());
        tls.setKeyStorePassword(certificate.password());
        tls.setKeyStoreType("PKCS12");
        HttpConfiguration https = new HttpConfiguration();
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"),
                new HttpConnectionFactory(https));
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String body = Content.Source.asString(request, StandardCharsets.UTF_8);
                synchronized (received) {
                    received.add(new Received(request.getMethod(), request.getHttpURI().getPathQuery(),
                            request.getHeaders().get("aeg-sas-key"), request.getHeaders().get("content-type"), body));
                }
                response.setStatus(status);
                callback.succeeded();
                return true;
            }
        });
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("The scripted topic did not start", e);
        }
    }

    void answer(int status) {
        this.status = status;
    }

    List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    URI endpoint() {
        return URI.create("https://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort()
                + "/api/events");
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
