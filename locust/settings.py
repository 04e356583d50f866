"""The scenario's own settings, from environment variables (Locust's own come from locust.conf, LOCUST_* and flags).

| variable | default | meaning |
| --- | --- | --- |
| LOCUST_INTEGRATOR_KEY (or STACK_INTEGRATOR_KEY) | required | subscription key of the integrator product |
| LOCUST_COMPLIANCE_KEY (or STACK_COMPLIANCE_KEY) | required | subscription key of the compliance product |
| LOCUST_WAIT_MIN / LOCUST_WAIT_MAX | 0.5 / 2.0 | an integrator's think time between tasks, seconds |
| LOCUST_COMPLIANCE_USERS | 1 | compliance officers, however many users run (Locust's fixed_count) |
| LOCUST_COMPLIANCE_WAIT_MIN / _MAX | 3 / 8 | a compliance officer's think time, seconds |
| LOCUST_SHARED_PATIENTS | 1000 | how many recently created patients (and tests) the users share, per Locust process |
| LOCUST_ALLOW_REMOTE | false | must be true to target anything but a loopback address (e.g. the Azure gateway) |

Keys are never read from a file and never printed.
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import List, Mapping, Optional
from urllib.parse import urlsplit

from thresholds import ConfigError, flag, number

INTEGRATOR_KEY_VARS = ("LOCUST_INTEGRATOR_KEY", "STACK_INTEGRATOR_KEY")
COMPLIANCE_KEY_VARS = ("LOCUST_COMPLIANCE_KEY", "STACK_COMPLIANCE_KEY")


@dataclass(frozen=True)
class Settings:
    integrator_key: Optional[str] = field(default=None, repr=False)
    compliance_key: Optional[str] = field(default=None, repr=False)
    wait_min: float = 0.5
    wait_max: float = 2.0
    compliance_users: int = 1
    compliance_wait_min: float = 3.0
    compliance_wait_max: float = 8.0
    shared_patients: int = 1000
    allow_remote: bool = False

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> "Settings":
        s = cls(
            integrator_key=_first(env, INTEGRATOR_KEY_VARS),
            compliance_key=_first(env, COMPLIANCE_KEY_VARS),
            wait_min=number(env, "LOCUST_WAIT_MIN", 0.5, 0, 3600),
            wait_max=number(env, "LOCUST_WAIT_MAX", 2.0, 0, 3600),
            compliance_users=int(number(env, "LOCUST_COMPLIANCE_USERS", 1, 0, 1000)),
            compliance_wait_min=number(env, "LOCUST_COMPLIANCE_WAIT_MIN", 3.0, 0, 3600),
            compliance_wait_max=number(env, "LOCUST_COMPLIANCE_WAIT_MAX", 8.0, 0, 3600),
            shared_patients=int(number(env, "LOCUST_SHARED_PATIENTS", 1000, 10, 1_000_000)),
            allow_remote=flag(env, "LOCUST_ALLOW_REMOTE"),
        )
        if s.wait_max < s.wait_min or s.compliance_wait_max < s.compliance_wait_min:
            raise ConfigError("LOCUST_WAIT_MAX (and LOCUST_COMPLIANCE_WAIT_MAX) must not be below its _MIN")
        return s

    def missing_keys(self) -> List[str]:
        """What to set before users can run, one message per missing key."""
        missing = []
        if not self.integrator_key:
            missing.append("set LOCUST_INTEGRATOR_KEY (or STACK_INTEGRATOR_KEY) to an integrator subscription key")
        if not self.compliance_key:
            missing.append("set LOCUST_COMPLIANCE_KEY (or STACK_COMPLIANCE_KEY) to a compliance subscription key")
        return missing

    def host_refusal(self, host: Optional[str]) -> Optional[str]:
        """Why this host may not be load-tested, or None when it may."""
        if not host:
            return "no host: set host in locust.conf, LOCUST_HOST or --host (e.g. http://127.0.0.1:8080)"
        parts = urlsplit(host)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return f"host {host!r} is not an http(s) URL"
        if not self.allow_remote and not is_loopback(parts.hostname):
            return (f"host {parts.hostname!r} is not a loopback address; a load test of a real gateway must be "
                    "meant: set LOCUST_ALLOW_REMOTE=true")
        return None


def is_loopback(hostname: str) -> bool:
    if hostname == "localhost":
        return True
    try:
        return ipaddress.ip_address(hostname.strip("[]")).is_loopback
    except ValueError:
        return False


def _first(env: Mapping[str, str], names) -> Optional[str]:
    for name in names:
        value = env.get(name, "").strip()
        if value:
            return value
    return None
