package org.auditedrecords.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Map;
import java.util.Set;
import org.auditedrecords.terraform.AllowlistGraph;
import org.junit.jupiter.api.Test;

/** The local lockdown and the Azure one are the same graph, so they cannot drift apart. */
class NetworkParityTest {

    @Test
    void allowlists_localAndTerraform_areTheSameGraph() {
        Map<String, ? extends Set<String>> terraform = AllowlistGraph.fromTerraform(Stack.repositoryFile("env-terraform"));

        assertThat(LocalNetwork.load().graph()).isEqualTo(terraform);
        assertThat(terraform).isEqualTo(Map.of("patient-api", Set.of("gateway"), "audit-api", Set.of("patient-api", "gateway")));
    }

    @Test
    void address_isTheFirstHostOfEachSubnetAndDistinct() throws Exception {
        LocalNetwork network = LocalNetwork.load();

        assertThat(network.address("gateway")).isEqualTo(InetAddress.getByName("127.0.10.1"));
        assertThat(network.address("patient-api")).isEqualTo(InetAddress.getByName("127.0.20.1"));
        assertThat(network.address("audit-api")).isEqualTo(InetAddress.getByName("127.0.30.1"));
    }
}
