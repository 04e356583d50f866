package org.auditedrecords.audit;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Walks each chain in sequence order, in constant memory per chain, checking that sequences run from 1 without
 * gaps, that each record links to its predecessor, that its content matches its hash and that its signature is
 * valid; then that the signed head vouches for the chain's last records. Changing, deleting, inserting or
 * reordering stored records each break one of these.
 */
final class ChainVerifier {
    private final AuditLedger ledger;
    private final ChainSigner signer;
    private final int configuredChains;
    private final Clock clock;

    ChainVerifier(AuditLedger ledger, ChainSigner signer, int configuredChains, Clock clock) {
        this.ledger = ledger;
        this.signer = signer;
        this.configuredChains = configuredChains;
        this.clock = clock;
    }

    VerificationReport verify() {
        Map<Integer, ChainHead> heads = ledger.heads().stream()
                .collect(Collectors.toMap(ChainHead::chain, Function.identity(), (a, b) -> a));
        TreeSet<Integer> chainIds = new TreeSet<>(heads.keySet());
        chainIds.addAll(ledger.chainsWithRecords());
        for (int chain = 0; chain < configuredChains; chain++) {
            chainIds.add(chain);
        }
        List<VerificationReport.ChainReport> reports = new ArrayList<>();
        long total = 0;
        for (int chain : chainIds) {
            VerificationReport.ChainReport report = verifyChain(chain, heads.get(chain));
            reports.add(report);
            total += report.records();
        }
        boolean intact = reports.stream().allMatch(VerificationReport.ChainReport::intact);
        return new VerificationReport(intact, total, Canonical.timestamp(clock.instant()), List.copyOf(reports));
    }

    private VerificationReport.ChainReport verifyChain(int chain, ChainHead head) {
        Walk walk = new Walk(chain, head == null ? -1 : head.seq());
        ledger.walk(chain, walk::visit);
        VerificationReport.Break broken = walk.broken;
        if (broken == null) {
            broken = checkHead(chain, head, walk);
        }
        return new VerificationReport.ChainReport(chain, walk.count, head == null ? -1 : head.seq(), broken == null, broken);
    }

    private VerificationReport.Break checkHead(int chain, ChainHead head, Walk walk) {
        if (head == null) {
            return new VerificationReport.Break(null, null, "chain head is missing");
        }
        if (!signer.verify(ChainSigner.headData(chain, head.seq(), head.hash()), head.keyVersion(), head.signature())) {
            return new VerificationReport.Break(null, head.seq(), "chain head signature is invalid");
        }
        if (head.seq() > walk.lastSeq) {
            return new VerificationReport.Break(null, walk.lastSeq + 1,
                    "records are missing: the signed head is at sequence " + head.seq() + " but the chain ends at " + walk.lastSeq);
        }
        String expected = head.seq() == 0 ? ChainLink.GENESIS_HASH : walk.hashAtHead;
        if (!head.hash().equals(expected)) {
            return new VerificationReport.Break(null, head.seq(), "the record at the signed head's sequence is not the one it signed");
        }
        return null;
    }

    /** The state of one chain's walk. */
    private final class Walk {
        final int chain;
        final long headSeq;
        long count;
        long lastSeq;
        String lastHash = ChainLink.GENESIS_HASH;
        String hashAtHead;
        VerificationReport.Break broken;

        Walk(int chain, long headSeq) {
            this.chain = chain;
            this.headSeq = headSeq;
        }

        void visit(AuditLedger.StoredRecord stored) {
            count++;
            if (broken != null) {
                return;
            }
            AuditRecord record = stored.record();
            if (record == null) {
                broken = new VerificationReport.Break(stored.id(), null, "record is malformed: " + stored.malformedReason());
                return;
            }
            AuditRecord.Seal seal = record.seal();
            long expectedSeq = lastSeq + 1;
            if (seal.chain() != chain || seal.seq() != expectedSeq) {
                broken = new VerificationReport.Break(record.id(), seal.seq(),
                        "expected sequence " + expectedSeq + " but found " + seal.seq() + " (a record was deleted, inserted or moved)");
            } else if (!seal.prevHash().equals(lastHash)) {
                broken = new VerificationReport.Break(record.id(), seal.seq(), "does not link to the previous record");
            } else if (!Canonical.hash(Canonical.text(record.id(), record.recordedAt(), record.entry(), seal.chain(),
                    seal.seq(), seal.prevHash())).equals(seal.hash())) {
                broken = new VerificationReport.Break(record.id(), seal.seq(), "content does not match its hash (the record was changed)");
            } else if (!signer.verify(ChainSigner.recordData(seal.hash()), seal.keyVersion(), seal.signature())) {
                broken = new VerificationReport.Break(record.id(), seal.seq(), "signature is invalid (the record was forged)");
            } else {
                lastSeq = seal.seq();
                lastHash = seal.hash();
                if (seal.seq() == headSeq) {
                    hashAtHead = seal.hash();
                }
            }
        }
    }
}
