"""Turns a benchmark's Locust CSVs and floor measurement into the Markdown that README.md records.

    /usr/bin/python3 bench_report.py RESULTS_DIR USERS... > benchmark.md

Reads RESULTS_DIR/floor.json, RESULTS_DIR/bench_u<N>_stats.csv and RESULTS_DIR/bench_u<N>.meta (key=value lines
written by benchmark.sh: run time, exit code, CPU seconds of the stack and of Locust).
"""
from __future__ import annotations

import csv
import json
import os
import platform
import subprocess
import sys
from typing import Dict, List

# CreatePatient's path: client->gateway, gateway->Patient API, Patient API->Audit API; one audit insert and one
# patient insert.
HOPS, INSERTS = 3, 2


def machine() -> str:
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.splitlines()
    total = memory[1].split()[1] if len(memory) > 1 else "?"
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    return (f"`nproc` {nproc}, {cpu} (/proc/cpuinfo), {total} RAM (`free -h`), "
            f"{platform.system()} {platform.release()}, {java[0] if java else 'java ?'}, Python {platform.python_version()}")


def read_meta(path: str) -> Dict[str, str]:
    meta = {}
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                if "=" in line:
                    k, v = line.rstrip("\n").split("=", 1)
                    meta[k] = v
    return meta


def main(results: str, levels: List[str]) -> None:
    with open(os.path.join(results, "floor.json")) as f:
        floor = json.load(f)
    hop, insert = floor["httpHop"], floor["mongoInsert"]
    floor_p50 = HOPS * hop["p50_ms"] + INSERTS * insert["p50_ms"]
    out = [f"Machine: {machine()}.", "",
           "Load: every user count on a fresh stack, warmed up by 20 s of 10 users first (not measured); Locust "
           "and the stack on the same machine, integrators thinking 0.5-2 s between tasks. "
           "Response times in ms (Locust rounds them: to 10 ms above 100 ms, to 100 ms above 1 s).", "",
           "| users | request type | requests | req/s | p50 | p95 | p99 | failures |",
           "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    ratios, cpu = [], []
    for users in levels:
        path = os.path.join(results, f"bench_u{users}_stats.csv")
        if not os.path.exists(path):
            out.append(f"| {users} | (no results) | | | | | | |")
            continue
        with open(path, newline="") as f:
            rows = list(csv.DictReader(f))
        rows.sort(key=lambda r: (r["Name"] == "Aggregated", r["Name"]))
        for r in rows:
            name = f"**{r['Name']}**" if r["Name"] == "Aggregated" else r["Name"]
            out.append(f"| {users} | {name} | {r['Request Count']} | {float(r['Requests/s']):.1f} | {r['50%']} | "
                       f"{r['95%']} | {r['99%']} | {r['Failure Count']} |")
            if r["Name"] == "CreatePatient":
                ratios.append((users, float(r["50%"]), float(r["95%"])))
        meta = read_meta(os.path.join(results, f"bench_u{users}.meta"))
        if meta:
            seconds = float(meta.get("seconds", "0") or 0) or 1.0
            cpu.append(f"| {users} | {meta.get('seconds')} | {float(meta.get('stack_cpu', 0)) / seconds:.2f} | "
                       f"{float(meta.get('locust_cpu', 0)) / seconds:.2f} | {meta.get('exit_code')} |")
    out += ["", "CPU used, in cores (2 = both cores of this machine busy), and Locust's exit code "
                "(1 = a threshold of thresholds.py breached at that load):", "",
            "| users | seconds | stack (cores) | Locust (cores) | exit code |", "| ---: | ---: | ---: | ---: | ---: |"]
    out += cpu
    out += ["", "Floor, same machine, same run (sequential, keep-alive, after warm-up):", "",
            "| floor | samples | mean | p50 | p95 | p99 |", "| --- | ---: | ---: | ---: | ---: | ---: |",
            f"| one HTTP hop through the stack's Jetty (gateway answers 404 itself) | {hop['samples']} | "
            f"{hop['mean_ms']:.3f} | {hop['p50_ms']:.3f} | {hop['p95_ms']:.3f} | {hop['p99_ms']:.3f} |",
            f"| one mongodb-driver-sync insert, embedded H2-backed store | {insert['samples']} | "
            f"{insert['mean_ms']:.3f} | {insert['p50_ms']:.3f} | {insert['p95_ms']:.3f} | {insert['p99_ms']:.3f} |",
            "", f"CreatePatient's floor = {HOPS} hops + {INSERTS} inserts = {HOPS} x {hop['p50_ms']:.3f} + "
                f"{INSERTS} x {insert['p50_ms']:.3f} = **{floor_p50:.2f} ms** (p50s).", "",
            "| users | CreatePatient p50 | ratio to floor | CreatePatient p95 | ratio to floor |",
            "| ---: | ---: | ---: | ---: | ---: |"]
    for users, p50, p95 in ratios:
        out.append(f"| {users} | {p50:.0f} ms | {p50 / floor_p50:.1f}x | {p95:.0f} ms | {p95 / floor_p50:.1f}x |")
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
