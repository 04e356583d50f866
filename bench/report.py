"""Prints bench/capacity.sh's tables (Markdown) from its floor, its seedings and verifications, its wrk runs and the
stack's request log."""
import json
import os
import statistics
import sys
from datetime import datetime, timedelta

OPERATIONS = [("create", "CreatePatient"), ("load-patient", "LoadPatient"), ("load-test", "LoadTest"),
              ("load-tests", "LoadTests"), ("audit-query", "audit query by patient")]


def parse_time(text):
    return datetime.strptime(text.replace("Z", "+0000"), "%Y-%m-%dT%H:%M:%S.%f%z")


def audit_appends(log_path, runs):
    """Durations of the Audit API's CreateAuditRecord invocations (its own request log) during the given runs."""
    windows = [(parse_time(r["started"]), parse_time(r["started"]) + timedelta(seconds=r["seconds"])) for r in runs]
    durations, total = [], 0
    if not os.path.exists(log_path):
        return durations, total
    with open(log_path, encoding="utf-8") as log:
        for line in log:
            if '"CreateAuditRecord"' not in line or '"event":"request"' not in line:
                continue
            total += 1
            event = json.loads(line)
            at = parse_time(event["timestamp"])
            if any(start <= at <= end for start, end in windows):
                durations.append(float(event["durationMs"]))
    return durations, total


def p50(values):
    return statistics.median(values) if values else float("nan")


def json_lines(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main(floor_path, runs_path, ids_path, log_path, seeds_path, verifications_path):
    floor = json.load(open(floor_path, encoding="utf-8"))
    runs = json_lines(runs_path)
    seeds, verifications = json_lines(seeds_path), json_lines(verifications_path)
    with open(ids_path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    patients = sum(1 for l in lines if l.startswith("P "))
    tests = sum(1 for l in lines if l.startswith("T "))
    hop, insert = floor["httpHop"]["p50_ms"], floor["mongoInsert"]["p50_ms"]
    floor_ms = 3 * hop + 2 * insert
    by = {(r["label"], r["scenario"], r["clients"]): r for r in runs}
    sizes = [s for s in ("small", "large") if any(r["label"] == "ops@" + s for r in runs)]
    appends = {s: audit_appends(log_path, [r for r in runs if r["label"] == "ops@" + s]) for s in sizes}

    print(f"## Capacity benchmark ({datetime.now().strftime('%Y-%m-%d')}, {os.cpu_count()} cores, wrk closed loop)")
    print()
    print(f"Floor, same run: bare HTTP hop p50 {hop:.3f} ms, bare embedded insert p50 {insert:.3f} ms; "
          f"3 hops + 2 inserts = **{floor_ms:.2f} ms**. At the end: {patients} patients and {tests} tests, "
          f"{sum(s['auditRecords'] for s in seeds)} audit records seeded and "
          f"{appends[sizes[-1]][1] if sizes else 0} appended through the API.")
    print()
    if seeds:
        print("| seeding (`./stack seed`, stack stopped) | patients | tests | audit records | seconds | records/s "
              "| verify after it, through the gateway |")
        print("|---|---:|---:|---:|---:|---:|---|")
        for n, (seed, verify) in enumerate(zip(seeds, verifications + [None] * len(seeds))):
            if verify is None:
                verdict = "not run"
            else:
                state = {True: "intact", False: "BROKEN", None: "not answered"}[verify["intact"]]
                if verify.get("error"):
                    state += f" (call {verify['calls']} failed: {verify['error']})"
                elif not verify["complete"]:
                    state += " so far (cut by the bound)"
                verdict = f"{state}, {verify['records']} records walked in {verify['calls']} calls, {verify['seconds']} s"
            print(f"| {'small' if n == 0 else 'large'} data{'' if seed['complete'] else ' (time limit)'} | "
                  f"{seed['patients']} | {seed['tests']} | {seed['auditRecords']} | {seed['seconds']:.0f} | "
                  f"{seed['auditRecords'] / max(seed['seconds'], 1e-9):.0f} | {verdict} |")
        print()
    at = {s: min(r["patients"] for r in runs if r["label"] == "ops@" + s) for s in sizes}
    print("| operation, 1 client | " + " | ".join(f"p50 ms @ {at[s]} patients" for s in sizes) + " | large / small |")
    print("|---|" + "---:|" * (len(sizes) + 1))
    for key, name in OPERATIONS:
        cells = [by.get(("ops@" + s, key, 1), {}).get("p50_ms", float("nan")) for s in sizes]
        ratio = cells[-1] / cells[0] if len(cells) == 2 and cells[0] else float("nan")
        extra = f" ({cells[0] / floor_ms:.1f}x the floor)" if key == "create" and cells else ""
        print(f"| {name}{extra} | " + " | ".join(f"{c:.2f}" for c in cells) + f" | {ratio:.2f} |")
    cells = [p50(appends[s][0]) for s in sizes]
    ratio = cells[-1] / cells[0] if len(cells) == 2 and cells[0] else float("nan")
    print("| audit append (Audit API's own log) | " + " | ".join(f"{c:.2f}" for c in cells) + f" | {ratio:.2f} |")
    print()
    print("| mixed scenario | clients | req/s | p50 ms | p99 ms | errors | stack CPU ms/req | wrk CPU ms/req |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in runs:
        if r["scenario"] != "mixed" or r["label"] == "warmup":
            continue
        print(f"| {r['label'].split('@')[1]} data | {r['clients']} | {r['rps']:.0f} | {r['p50_ms']:.2f} | "
              f"{r['p99_ms']:.2f} | {r['errors'] + r['socket_errors']} | {r['stack_cpu_ms']:.2f} | {r['wrk_cpu_ms']:.2f} |")


if __name__ == "__main__":
    main(*sys.argv[1:7])
