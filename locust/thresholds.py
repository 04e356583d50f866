"""Pass/fail of a run: failure ratio, p95 and p99 per request type, from environment variables.

| variable | default | meaning |
| --- | --- | --- |
| LOCUST_MAX_FAILURE_RATIO | 0.01 | failed/total above this fails the run, overall and per request type (0 = any failure fails) |
| LOCUST_MAX_P95_MS | 1500 | 95th percentile response time per request type |
| LOCUST_MAX_P99_MS | 4000 | 99th percentile response time per request type |
| LOCUST_MAX_P95_MS_<NAME>, LOCUST_MAX_P99_MS_<NAME> | the above, or the scenario's own default for NAME | for one request type; NAME is its name upper-cased with every other character than A-Z and 0-9 turned into _ (VerifyAuditRegister -> VERIFYAUDITREGISTER, CreatePatient:invalid -> CREATEPATIENT_INVALID) |
| LOCUST_REQUIRE_ALL_OPERATIONS | false | every request type of the scenario must have run at least once |

A run with no request at all, or with an exception raised in user code, always fails.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, List, Mapping, Optional, Sequence, Tuple

DEFAULT_MAX_FAILURE_RATIO = 0.01
DEFAULT_MAX_P95_MS = 1500.0
DEFAULT_MAX_P99_MS = 4000.0


class ConfigError(ValueError):
    """A setting that cannot be used; the message names the variable to fix."""


def env_key(name: str) -> str:
    return re.sub(r"[^A-Z0-9]", "_", name.upper())


def number(env: Mapping[str, str], key: str, default: float, low: float = 0.0, high: float = float("inf")) -> float:
    raw = env.get(key, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{key}={raw!r} is not a number") from None
    if not low <= value <= high:
        raise ConfigError(f"{key}={raw!r} must be between {low:g} and {high:g}")
    return value


def flag(env: Mapping[str, str], key: str, default: bool = False) -> bool:
    raw = env.get(key, "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{key}={raw!r} must be true or false")


@dataclass(frozen=True)
class Thresholds:
    max_failure_ratio: float = DEFAULT_MAX_FAILURE_RATIO
    max_p95_ms: float = DEFAULT_MAX_P95_MS
    max_p99_ms: float = DEFAULT_MAX_P99_MS
    overrides: Tuple[Tuple[str, str, float], ...] = ()  # (request name, "p95"|"p99", limit)
    require_all: bool = False

    @classmethod
    def from_env(cls, env: Mapping[str, str], names: Sequence[str],
                 defaults: Optional[Mapping[Tuple[str, str], float]] = None) -> "Thresholds":
        """`defaults`: (request name, "p95"|"p99") to the limit that request type has when its variable is unset."""
        overrides = []
        for name in names:
            for metric in ("p95", "p99"):
                key = f"LOCUST_MAX_{metric.upper()}_MS_{env_key(name)}"
                if env.get(key, "").strip():
                    overrides.append((name, metric, number(env, key, 0.0)))
                elif defaults and (name, metric) in defaults:
                    overrides.append((name, metric, defaults[(name, metric)]))
        return cls(
            max_failure_ratio=number(env, "LOCUST_MAX_FAILURE_RATIO", DEFAULT_MAX_FAILURE_RATIO, 0.0, 1.0),
            max_p95_ms=number(env, "LOCUST_MAX_P95_MS", DEFAULT_MAX_P95_MS),
            max_p99_ms=number(env, "LOCUST_MAX_P99_MS", DEFAULT_MAX_P99_MS),
            overrides=tuple(overrides),
            require_all=flag(env, "LOCUST_REQUIRE_ALL_OPERATIONS"),
        )

    def limit(self, name: str, metric: str) -> float:
        for n, m, value in self.overrides:
            if n == name and m == metric:
                return value
        return self.max_p95_ms if metric == "p95" else self.max_p99_ms


@dataclass(frozen=True)
class Measured:
    """What a run measured for one request type (or "Aggregated")."""
    name: str
    requests: int
    failures: int
    p95_ms: float
    p99_ms: float

    @property
    def failure_ratio(self) -> float:
        return self.failures / self.requests if self.requests else 0.0


@dataclass(frozen=True)
class Breach:
    name: str
    what: str
    measured: str
    limit: str

    def __str__(self) -> str:
        return f"{self.name}: {self.what} {self.measured} exceeds {self.limit}"


def evaluate(per_request: Iterable[Measured], total: Measured, thresholds: Thresholds,
             expected: Sequence[str] = (), user_errors: int = 0) -> List[Breach]:
    """Every threshold the run breached; an empty list means it passed."""
    breaches: List[Breach] = []
    if total.requests == 0:
        breaches.append(Breach("Aggregated", "request count", "0", "at least 1"))
    if user_errors:
        breaches.append(Breach("user code", "unhandled exceptions", str(user_errors), "0"))
    seen = set()
    for m in list(per_request) + [total]:
        seen.add(m.name)
        if m.requests and m.failure_ratio > thresholds.max_failure_ratio:
            breaches.append(Breach(m.name, "failure ratio", f"{m.failure_ratio:.2%} ({m.failures}/{m.requests})",
                                   f"{thresholds.max_failure_ratio:.2%}"))
        if m.name == total.name or not m.requests:
            continue
        for metric, value in (("p95", m.p95_ms), ("p99", m.p99_ms)):
            limit = thresholds.limit(m.name, metric)
            if value > limit:
                breaches.append(Breach(m.name, metric, f"{value:.0f} ms", f"{limit:.0f} ms"))
    if thresholds.require_all:
        for name in expected:
            if name not in seen:
                breaches.append(Breach(name, "request count", "0", "at least 1 (LOCUST_REQUIRE_ALL_OPERATIONS)"))
    return breaches


def report(per_request: Sequence[Measured], total: Measured, breaches: Sequence[Breach],
           thresholds: Thresholds) -> str:
    """The verdict as printed on exit: one line per request type, then each breached threshold."""
    lines = [f"{'request':<32} {'reqs':>7} {'fails':>6} {'p95 ms':>8} {'p99 ms':>8}  limits p95/p99"]
    for m in sorted(per_request, key=lambda x: x.name) + [total]:
        limits = "" if m.name == total.name else \
            f"{thresholds.limit(m.name, 'p95'):.0f}/{thresholds.limit(m.name, 'p99'):.0f}"
        lines.append(f"{m.name:<32} {m.requests:>7} {m.failures:>6} {m.p95_ms:>8.0f} {m.p99_ms:>8.0f}  {limits}")
    lines.append(f"max failure ratio {thresholds.max_failure_ratio:.2%}")
    if breaches:
        lines.append(f"FAILED: {len(breaches)} threshold(s) breached")
        lines.extend(f"  - {b}" for b in breaches)
    else:
        lines.append("PASSED: every threshold held")
    return "\n".join(lines)


def measured_from(entry, name: Optional[str] = None) -> Measured:
    """Reads a Locust StatsEntry (locust.stats), which works the same from 2.12 on."""
    return Measured(
        name=name or entry.name,
        requests=entry.num_requests,
        failures=entry.num_failures,
        p95_ms=float(entry.get_response_time_percentile(0.95) or 0) if entry.num_requests else 0.0,
        p99_ms=float(entry.get_response_time_percentile(0.99) or 0) if entry.num_requests else 0.0,
    )

