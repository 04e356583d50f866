package org.auditedrecords.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccessRestrictionsTest {

    @Test
    void permits_allowAll_admitsAnyAddressAndHasNoRules() throws UnknownHostException {
        AccessRestrictions restrictions = AccessRestrictions.allowAll();

        assertThat(restrictions.permits(InetAddress.getByName("203.0.113.9"))).isTrue();
        assertThat(restrictions.isAllowAll()).isTrue();
        assertThat(restrictions.rules()).isEmpty();
    }

    @Test
    void permits_ipv4Rules_admitOnlyAddressesInsideABlock() throws UnknownHostException {
        // given
        AccessRestrictions restrictions = AccessRestrictions.allowOnly(List.of(
                new AccessRule("gateway", "127.0.0.10/32"), new AccessRule("subnet", "10.1.0.0/20")));

        // then
        assertThat(restrictions.permits(InetAddress.getByName("127.0.0.10"))).isTrue();
        assertThat(restrictions.permits(InetAddress.getByName("127.0.0.11"))).isFalse();
        assertThat(restrictions.permits(InetAddress.getByName("10.1.15.255"))).isTrue();
        assertThat(restrictions.permits(InetAddress.getByName("10.1.16.0"))).isFalse();
        assertThat(restrictions.permits(InetAddress.getByName("::1"))).isFalse();
        assertThat(restrictions.rules()).extracting(AccessRule::name).containsExactly("gateway", "subnet");
    }

    @Test
    void permits_ipv6Rule_admitsOnlyIpv6AddressesInsideIt() throws UnknownHostException {
        AccessRestrictions restrictions = AccessRestrictions.allowOnly(List.of(new AccessRule("v6", "fd00:1::/32")));

        assertThat(restrictions.permits(InetAddress.getByName("fd00:1:ffff::5"))).isTrue();
        assertThat(restrictions.permits(InetAddress.getByName("fd00:2::5"))).isFalse();
        assertThat(restrictions.permits(InetAddress.getByName("127.0.0.1"))).isFalse();
    }

    @Test
    void permits_emptyRuleList_admitsNobody() throws UnknownHostException {
        assertThat(AccessRestrictions.allowOnly(List.of()).permits(InetAddress.getByName("127.0.0.1"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "127.0.0.1", "127.0.0.1/33", "256.0.0.1/8", "::1/129", "localhost/32", "10.0.0.0/x", "fe80::1%lo/64"})
    void accessRule_invalidCidr_isRejectedNamingIt(String cidr) {
        assertThatThrownBy(() -> new AccessRule("bad", cidr))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(cidr);
    }
}
