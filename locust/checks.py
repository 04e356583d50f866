"""Judging responses: a request passes only when its status, content type AND body are what the contract says.

Every inspector returns a list of problems (empty when all is well) rather than raising, so that a wrong
answer is reported as a failed request with a reason. Reasons never contain ids or patient data: Locust
groups failures by message, and a load test's report must not become a copy of the records.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, Callable, Dict, Iterable, List, Optional
from urllib.parse import urljoin, urlsplit

JSON = "application/json"
PROBLEM = "application/problem+json"
CSV = "text/csv"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
STRONG_ETAG = re.compile(r'^"[^"\s]+"$')
GENDERS = {"male", "female", "other", "unknown"}
AUDIT_ACTIONS = {"create", "read", "update", "search"}
AUDIT_OUTCOMES = {"attempted", "success", "notFound", "failed"}
PATIENT_REQUIRED = ("firstName", "gender", "dateOfBirth", "postCode")
OBSERVATION_FIELDS = ("id", "code", "measurement", "interpretation", "issued", "status")

Problems = List[str]
Inspector = Callable[[Any, Any], Iterable[str]]


def media_type(response) -> str:
    return (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()


def judge(response, status: int, media: str, inspect: Optional[Inspector] = None):
    """Marks a `catch_response` response as success or failure; returns its parsed body when it passed, else None.

    JSON and problem+json bodies are parsed; other media types are returned as text.
    """
    problems: Problems = []
    body = None
    try:
        if response.status_code != status:
            problems.append(unexpected_status(response, status))
        elif media_type(response) != media:
            problems.append(f"content type '{media_type(response) or 'none'}', expected '{media}'")
        else:
            body = response.json() if media in (JSON, PROBLEM) else response.text
            if inspect is not None:
                problems.extend(inspect(body, response))
    except Exception as e:  # noqa: BLE001 - any surprise in a body is a failed request, not a crashed user
        problems.append(f"unreadable response ({type(e).__name__})")
    if problems:
        response.failure("; ".join(problems))
        return None
    response.success()
    return body


def unexpected_status(response, expected: int) -> str:
    if not response.status_code:
        error = getattr(response, "error", None)
        return f"no response ({type(error).__name__ if error else 'connection failed'}), expected {expected}"
    reason = ""
    if media_type(response) == PROBLEM:
        try:
            reason = f" '{response.json().get('title')}'"
        except Exception:  # noqa: BLE001 - the status alone still says what went wrong
            reason = ""
    if response.status_code == 429:
        reason = " rate limited (raise the gateway's limit or lower the load)"
    return f"HTTP {response.status_code}{reason}, expected {expected}"


# ---- headers ------------------------------------------------------------------------------------------------

def etag(response) -> Problems:
    tag = response.headers.get("ETag")
    if not tag:
        return ["no ETag"]
    return [] if STRONG_ETAG.match(tag) else ["ETag is not a strong entity tag"]


def location(response, path_suffix: str) -> Problems:
    """A Location that, resolved against the request's URL (it may be relative), names the created resource."""
    value = response.headers.get("Location")
    if not value:
        return ["no Location"]
    resolved = urlsplit(urljoin(getattr(response, "url", None) or "", value)).path
    return [] if resolved.endswith(path_suffix) else ["Location does not name the created resource"]


# ---- bodies -------------------------------------------------------------------------------------------------

def patient(body: Any, patient_id: Optional[str] = None, sent: Optional[Dict[str, Any]] = None) -> Problems:
    """A stored patient: server fields well-formed, required fields present, and what was sent stored verbatim."""
    if not isinstance(body, dict):
        return ["patient is not a JSON object"]
    problems = identified(body, "patient", patient_id)
    missing = [f for f in PATIENT_REQUIRED if not isinstance(body.get(f), str)]
    if missing:
        problems.append("patient lacks " + ", ".join(missing))
    if body.get("gender") not in GENDERS:
        problems.append("patient gender outside male|female|other|unknown")
    if not is_timestamp(body.get("lastUpdated")):
        problems.append("patient lastUpdated is not an ISO-8601 time")
    if sent is not None:
        differing = sorted(k for k, v in sent.items() if k not in ("id", "lastUpdated") and body.get(k) != v)
        if differing:
            problems.append("stored patient differs from the one sent in " + ", ".join(differing))
    return problems


def identified(body: Dict[str, Any], kind: str, expected_id: Optional[str]) -> Problems:
    """A server-generated id: a lower-case UUID, and the one asked for when there was one."""
    if not isinstance(body.get("id"), str) or not UUID.match(body["id"]):
        return [f"{kind} id is not a lower-case UUID"]
    if expected_id is not None and body["id"] != expected_id:
        return [f"{kind} id differs from the one asked for"]
    return []


def patients(body: Any, accept: Optional[Callable[[Dict[str, Any]], bool]] = None) -> Problems:
    """A search result: a JSON array of patients, each meeting `accept` (the search criteria) when given."""
    if not isinstance(body, list):
        return ["search result is not a JSON array"]
    problems: Problems = []
    for item in body:
        problems.extend(patient(item))
        if accept is not None and isinstance(item, dict) and not accept(item):
            problems.append("search returned a patient that does not match the criteria")
        if problems:
            break
    return problems


def test_result(body: Any, patient_id: str, test_id: Optional[str] = None,
                sent: Optional[Dict[str, Any]] = None) -> Problems:
    if not isinstance(body, dict):
        return ["test result is not a JSON object"]
    problems = identified(body, "test", test_id)
    if body.get("patientId") != patient_id:
        problems.append("test belongs to another patient")
    if not isinstance(body.get("performer"), str) or not isinstance(body.get("orderReference"), str):
        problems.append("test lacks performer or orderReference")
    observations = body.get("observations")
    if not isinstance(observations, list) or not 1 <= len(observations) <= 100:
        problems.append("test observations are not an array of 1 to 100")
    elif any(not isinstance(o, dict) or any(not isinstance(o.get(f), str) for f in OBSERVATION_FIELDS)
             for o in observations):
        problems.append("an observation lacks one of " + ", ".join(OBSERVATION_FIELDS))
    if not is_timestamp(body.get("lastUpdated")):
        problems.append("test lastUpdated is not an ISO-8601 time")
    if sent is not None:
        differing = sorted(k for k, v in sent.items() if body.get(k) != v)
        if differing:
            problems.append("stored test differs from the one sent in " + ", ".join(differing))
    return problems


def test_results(body: Any, patient_id: str, must_contain: Optional[str] = None) -> Problems:
    if not isinstance(body, list):
        return ["test list is not a JSON array"]
    for item in body:
        problems = test_result(item, patient_id)
        if problems:
            return problems
    if must_contain is not None and not any(isinstance(t, dict) and t.get("id") == must_contain for t in body):
        return ["test list lacks a test recorded for the patient"]
    return []


def problem(body: Any, status: int, field: Optional[str] = None) -> Problems:
    """An RFC 9457 problem with this status; for validation, an `errors` object naming `field`."""
    if not isinstance(body, dict):
        return ["problem is not a JSON object"]
    problems: Problems = []
    if not isinstance(body.get("type"), str) or not isinstance(body.get("title"), str):
        problems.append("problem lacks type or title")
    if body.get("status") != status:
        problems.append("problem status differs from the HTTP status")
    if status == 400:
        errors = body.get("errors")
        if not isinstance(errors, dict) or not errors:
            problems.append("validation problem without errors")
        elif any(not isinstance(v, list) or not all(isinstance(m, str) for m in v) for v in errors.values()):
            problems.append("errors are not lists of messages")
        elif field is not None and field not in errors:
            problems.append(f"errors do not name the invalid field '{field}'")
    return problems


def audit_records(body: Any, patient_id: str) -> Problems:
    """A patient's audit trail: a non-empty array, every record about that patient (naming them, or a search that
    returned them), its creation among them."""
    if not isinstance(body, list):
        return ["audit query result is not a JSON array"]
    if not body:
        return ["no audit record for a patient the integrators created"]
    for record in body:
        if not isinstance(record, dict):
            return ["audit record is not a JSON object"]
        if record.get("patientId") != patient_id and patient_id not in (record.get("returnedPatientIds") or []):
            return ["audit query returned a record of another patient"]
        if record.get("action") not in AUDIT_ACTIONS or record.get("outcome") not in AUDIT_OUTCOMES:
            return ["audit record action or outcome outside the vocabulary"]
        if not is_timestamp(record.get("recordedAt")) or not isinstance(record.get("resource"), dict):
            return ["audit record lacks recordedAt or resource"]
    if not any(r.get("action") == "create" and r.get("resource", {}).get("type") == "patient" for r in body):
        return ["first page of the trail (oldest first) lacks the patient's creation"]
    return []


def audit_csv(text: str, patient_id: str) -> Problems:
    lines = [line for line in text.splitlines() if line]
    if not lines or not lines[0].startswith("id,recordedAt,"):
        return ["CSV export lacks its header row"]
    if len(lines) < 2:
        return ["CSV export has no record of a patient the integrators created"]
    if any(patient_id not in line for line in lines[1:]):
        return ["CSV export holds a row of another patient"]
    return []


def verification(body: Any) -> Problems:
    if not isinstance(body, dict) or not isinstance(body.get("intact"), bool):
        return ["verification report lacks intact"]
    return [] if body["intact"] else ["audit register is NOT intact"]


def is_timestamp(value: Any) -> bool:
    if not isinstance(value, str) or "T" not in value:
        return False
    try:
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        return True
    except ValueError:
        return False
