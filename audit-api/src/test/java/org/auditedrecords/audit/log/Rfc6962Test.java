package org.auditedrecords.audit.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 6962 hashing and proofs against the RFC's own recursive definitions and published test vectors. */
class Rfc6962Test {

    private static List<byte[]> leaves(int n) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            leaves.add(Rfc6962.leafHash(("leaf " + i).getBytes(StandardCharsets.UTF_8)));
        }
        return leaves;
    }

    @Test
    void root_emptyAndOneLeafTrees_matchTheCertificateTransparencyTestVectors() {
        // Empty tree and the tree of the single empty leaf, as in certificate-transparency-go's merkle tests.
        assertThat(HexFormat.of().formatHex(Rfc6962.emptyRoot()))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(HexFormat.of().formatHex(Rfc6962.leafHash(new byte[0])))
                .isEqualTo("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
    }

    @Test
    void root_everySizeUpTo70_equalsTheReferenceMth() {
        for (int n = 0; n <= 70; n++) {
            List<byte[]> leaves = leaves(n);
            assertThat(Rfc6962.root(leaves)).as("size %d", n).isEqualTo(ReferenceMerkle.mth(leaves));
        }
    }

    @Test
    void inclusionProof_everyLeafOfEverySizeUpTo40_equalsReferenceAndVerifies() {
        for (int n = 1; n <= 40; n++) {
            List<byte[]> leaves = leaves(n);
            byte[] root = ReferenceMerkle.mth(leaves);
            for (int m = 0; m < n; m++) {
                List<byte[]> proof = Rfc6962.inclusionProof(m, leaves);
                assertThat(proof).usingElementComparator(Arrays::compare).containsExactlyElementsOf(ReferenceMerkle.path(m, leaves));
                assertThat(Rfc6962.verifyInclusion(m, n, leaves.get(m), proof, root)).isTrue();
                assertThat(Rfc6962.verifyInclusion(m, n, leaves.get((m + 1) % n), proof, root)).isEqualTo(n == 1);
            }
        }
    }

    @Test
    void consistencyProof_everyPairOfSizesUpTo33_equalsReferenceAndVerifies() {
        for (int n = 1; n <= 33; n++) {
            List<byte[]> leaves = leaves(n);
            byte[] newRoot = ReferenceMerkle.mth(leaves);
            for (int m = 1; m <= n; m++) {
                List<byte[]> proof = Rfc6962.consistencyProof(m, leaves);
                byte[] oldRoot = ReferenceMerkle.mth(leaves.subList(0, m));
                assertThat(proof).usingElementComparator(Arrays::compare).containsExactlyElementsOf(ReferenceMerkle.proof(m, leaves));
                assertThat(Rfc6962.verifyConsistency(m, n, oldRoot, newRoot, proof)).as("%d -> %d", m, n).isTrue();
                if (m < n) {
                    assertThat(Rfc6962.verifyConsistency(m, n, newRoot, newRoot, proof)).isFalse();
                }
            }
        }
    }

    @Test
    void verifyInclusion_tamperedProofHash_isRejected() {
        List<byte[]> leaves = leaves(11);
        List<byte[]> proof = new ArrayList<>(Rfc6962.inclusionProof(6, leaves));
        proof.set(1, Rfc6962.leafHash(new byte[] {1}));

        assertThat(Rfc6962.verifyInclusion(6, 11, leaves.get(6), proof, Rfc6962.root(leaves))).isFalse();
    }

    @Test
    void compactRange_appendedLeafByLeaf_matchesTheRootOfEveryPrefix() {
        List<byte[]> leaves = leaves(100);
        CompactRange range = new CompactRange();
        for (int i = 0; i < leaves.size(); i++) {
            range.append(leaves.get(i));
            CompactRange restored = new CompactRange(range.size(), range.hashes());
            assertThat(restored.root()).isEqualTo(ReferenceMerkle.mth(leaves.subList(0, i + 1)));
        }
    }
}
