"""Load test of the audited patient-records system through its API gateway (SYSTEM.md §3-§5).

Two kinds of users, each with its own subscription key:
- Integrator: the whole Patient API, weighted as a hospital or lab system uses it: mostly creating and reading
  patients, recording and reading lab results, some updates and searches, a few invalid requests.
- ComplianceOfficer: queries the audit trail of patients the integrators created, exports it as CSV and verifies
  the register, far less often.

Every request checks its status, content type and the body fields that matter (ids, arrays, the search criteria),
so a wrong answer counts as a failure even with a 2xx status. Requests are named by operation (`name=`), with a
suffix for the variants whose cost or outcome differs (CreatePatient:invalid, SearchPatient:byDateOfBirth...).

Run it with ./smoke.sh, ./benchmark.sh, ./distributed.sh or plain `locust` from this folder (see README.md).
"""
from __future__ import annotations

import collections
import json
import logging
import os
import random
import sys
import uuid
from typing import Any, Deque, Dict, Optional, Tuple

import gevent
import locust.runners
from locust import FastHttpUser, between, events, task
from locust.clients import HttpSession
from locust.runners import MasterRunner, WorkerRunner

import checks
import thresholds
from checks import CSV, JSON, PROBLEM
from patientdata import Records, overlaps_range
from settings import Settings
from thresholds import ConfigError, Thresholds

LOG = logging.getLogger("patient-records")

if not locust.runners.__version__:
    # Debian's python3-locust reports an empty version, and a master refuses a worker whose "client_ready"
    # carries none ("old (pre 2.0) worker"): give master and workers the same non-empty one.
    locust.runners.__version__ = "unversioned-debian"

try:
    SETTINGS = Settings.from_env(os.environ)
except ConfigError as e:
    sys.stderr.write(f"locustfile: {e}\n")
    sys.exit(2)

# Request names, one per operation and variant: the rows of the statistics and the keys of the thresholds.
CREATE_PATIENT = "CreatePatient"
CREATE_PATIENT_INVALID = "CreatePatient:invalid"
CREATE_PATIENT_KEYED = "CreatePatient:idempotencyKey"
CREATE_PATIENT_RETRY = "CreatePatient:retry"
SEARCH_RETRIED = "SearchPatient:retriedOnce"
LOAD_PATIENT = "LoadPatient"
LOAD_PATIENT_UNKNOWN = "LoadPatient:unknown"
UPDATE_PATIENT = "UpdatePatient"
UPDATE_PATIENT_STALE = "UpdatePatient:stale"
SEARCH_BY_ID = "SearchPatient:byId"
SEARCH_BY_INSURANCE = "SearchPatient:byInsuranceNumber"
SEARCH_BY_BIRTH = "SearchPatient:byDateOfBirth"
SEARCH_NO_MATCH = "SearchPatient:noMatch"
CREATE_TEST = "CreateTest"
LOAD_TESTS = "LoadTests"
LOAD_TEST = "LoadTest"
UPDATE_TEST = "UpdateTest"
# The original system's own load-test client, as it called the API (kept so a compatibility break fails CI):
# JSON without Content-Type, trailing slashes, search with {}, the PUT of a patient as read, malformed ids.
CREATE_PATIENT_UNTYPED = "CreatePatient:noContentType"
UPDATE_PATIENT_AS_READ = "UpdatePatient:asRead"
SEARCH_ALL = "SearchPatient:all"
CREATE_TEST_MALFORMED = "CreateTest:malformedPatientId"
LOAD_TESTS_SLASH = "LoadTests:trailingSlash"
LOAD_TESTS_MALFORMED = "LoadTests:malformedPatientId"
LOAD_TESTS_PAGED = "LoadTests:paged"
LOAD_TEST_MALFORMED = "LoadTest:malformedTestId"
ORIGINAL_CLIENT = (CREATE_PATIENT_UNTYPED, UPDATE_PATIENT_AS_READ, SEARCH_ALL, CREATE_TEST_MALFORMED,
                   LOAD_TESTS_SLASH, LOAD_TESTS_MALFORMED, LOAD_TESTS_PAGED, LOAD_TEST_MALFORMED)
QUERY_AUDIT = "QueryAuditRecords"
EXPORT_AUDIT = "QueryAuditRecords:csv"
VERIFY_AUDIT = "VerifyAuditRegister"
OPERATIONS = (CREATE_PATIENT, CREATE_PATIENT_INVALID, CREATE_PATIENT_KEYED, CREATE_PATIENT_RETRY, SEARCH_RETRIED,
              LOAD_PATIENT, LOAD_PATIENT_UNKNOWN, UPDATE_PATIENT,
              UPDATE_PATIENT_STALE, SEARCH_BY_ID, SEARCH_BY_INSURANCE, SEARCH_BY_BIRTH, SEARCH_NO_MATCH, CREATE_TEST,
              LOAD_TESTS, LOAD_TEST, UPDATE_TEST, QUERY_AUDIT, EXPORT_AUDIT, VERIFY_AUDIT) + ORIGINAL_CLIENT

# Verify walks what was appended since it last ran, within a time budget (the full walk is a background job): its
# time follows the appends between calls, bounded, not the size of the register.
DEFAULT_LIMITS = {(VERIFY_AUDIT, "p95"): 10_000.0, (VERIFY_AUDIT, "p99"): 30_000.0}

KEY_HEADER = "Ocp-Apim-Subscription-Key"
# locust.conf writes its reports here; Locust opens the CSV files before any event could create the folder.
os.makedirs(os.path.join(os.path.dirname(os.path.abspath(__file__)), "results"), exist_ok=True)
CONTINUATION = "x-continuation-token"


class SharedRecords:
    """Patients and tests created in this Locust process, for other users to read: bounded, newest kept."""

    def __init__(self, size: int):
        self.patients: Deque[Tuple[str, Optional[str]]] = collections.deque(maxlen=size)  # (id, insuranceNumber)
        self.tests: Deque[Tuple[str, str]] = collections.deque(maxlen=size)  # (patient id, test id)

    def any_patient(self, rng: random.Random) -> Optional[Tuple[str, Optional[str]]]:
        return rng.choice(self.patients) if self.patients else None

    def any_patient_id(self, rng: random.Random) -> Optional[str]:
        picked = self.any_patient(rng)
        return picked[0] if picked else None

    def any_test(self, rng: random.Random) -> Optional[Tuple[str, str]]:
        return rng.choice(self.tests) if self.tests else None


SHARED = SharedRecords(SETTINGS.shared_patients)


class Integrator(FastHttpUser):
    """A hospital or lab system integrating through the integrator product."""

    wait_time = between(SETTINGS.wait_min, SETTINGS.wait_max)
    insecure = False  # the Azure gateway is HTTPS: verify its certificate
    network_timeout = connection_timeout = 30.0

    def on_start(self) -> None:
        self.rng = random.Random()
        self.records = Records(self.rng)
        # Patients and tests this user created: only these are updated, so no two users race on an If-Match.
        self.own_patients: Deque[str] = collections.deque(maxlen=50)
        self.own_tests: Deque[Tuple[str, str]] = collections.deque(maxlen=50)
        self.headers = {KEY_HEADER: SETTINGS.integrator_key, "Accept": JSON}
        # FastHttp always adds a Content-Type to a body (text/plain for a string); the original client's bodies had
        # none, so its calls go through a requests session, which sends a body as it is. Same statistics.
        self.untyped = HttpSession(base_url=self.host, request_event=self.environment.events.request, user=self)
        # One pass over every operation first, so that even a short run covers the whole API.
        for step in (self.create_patient, self.load_patient, lambda: self.update_patient(stale_too=True),
                     self.search_by_id, self.search_by_insurance_number, self.search_by_date_of_birth,
                     self.search_no_match,
                     self.create_test, self.list_tests, self.load_test, self.update_test,
                     self.create_invalid_patient, self.load_unknown_patient,
                     self.create_patient_untyped, self.update_patient_as_read, self.search_all,
                     self.create_test_malformed_patient, self.list_tests_trailing_slash,
                     self.list_tests_malformed_patient, self.list_tests_paged, self.load_test_malformed_id,
                     self.create_patient_retried):
            step()

    # ---- patients ------------------------------------------------------------------------------------------

    @task(8)
    def create_patient(self) -> None:
        sent = self.records.patient()
        with self.client.post("/patient", json=sent, headers=dict(self.headers), name=CREATE_PATIENT,
                              catch_response=True) as r:
            body = checks.judge(r, 201, JSON, lambda b, resp: checks.patient(b, sent=sent) + checks.etag(resp)
                                + checks.location(resp, f"/patient/{b.get('id')}"))
        if body:
            self.own_patients.append(body["id"])
            SHARED.patients.append((body["id"], sent.get("insuranceNumber")))

    @task(1)
    def create_invalid_patient(self) -> None:
        field, sent = self.records.invalid_patient()
        with self.client.post("/patient", json=sent, headers=dict(self.headers), name=CREATE_PATIENT_INVALID,
                              catch_response=True) as r:
            checks.judge(r, 400, PROBLEM, lambda b, _: checks.problem(b, 400, field))

    @task(1)
    def create_patient_retried(self) -> None:
        """An integrator that retries a create, as after a timeout: the same Idempotency-Key must not write twice."""
        sent = {**self.records.patient(), "lastName": f"Retry-{uuid.uuid4().hex[:16]}"}
        headers = {**self.headers, "Idempotency-Key": f'"{uuid.uuid4()}"'}
        with self.client.post("/patient", json=sent, headers=headers, name=CREATE_PATIENT_KEYED,
                              catch_response=True) as r:
            first = checks.judge(r, 201, JSON, lambda b, resp: checks.patient(b, sent=sent) + checks.etag(resp))
        if not first:
            return
        with self.client.post("/patient", json=sent, headers=headers, name=CREATE_PATIENT_RETRY,
                              catch_response=True) as r:
            checks.judge(r, 201, JSON, lambda b, resp: checks.replayed(b, resp, first))
        with self.client.post("/patient/search?limit=20", json={"lastName": sent["lastName"]},
                              headers=dict(self.headers), name=SEARCH_RETRIED, catch_response=True) as r:
            checks.judge(r, 200, JSON, lambda b, _: [] if [p.get("id") for p in b] == [first["id"]]
                         else [f"a retried create stored {len(b)} patients, not 1"])
        self.own_patients.append(first["id"])
        SHARED.patients.append((first["id"], sent.get("insuranceNumber")))

    @task(8)
    def load_patient(self) -> None:
        patient_id = SHARED.any_patient_id(self.rng)
        if patient_id:
            self._load_patient(patient_id)

    def _load_patient(self, patient_id: str) -> Tuple[Optional[Dict[str, Any]], Optional[str]]:
        with self.client.get(f"/patient/{patient_id}", headers=dict(self.headers), name=LOAD_PATIENT,
                             catch_response=True) as r:
            body = checks.judge(r, 200, JSON, lambda b, resp: checks.patient(b, patient_id) + checks.etag(resp))
            return body, r.headers.get("ETag")

    @task(1)
    def load_unknown_patient(self) -> None:
        patient_id = str(uuid.uuid4()) if self.rng.random() < 0.8 else "not-a-patient-id"
        with self.client.get(f"/patient/{patient_id}", headers=dict(self.headers), name=LOAD_PATIENT_UNKNOWN,
                             catch_response=True) as r:
            checks.judge(r, 404, PROBLEM, lambda b, _: checks.problem(b, 404))

    @task(3)
    def update_patient(self, stale_too: Optional[bool] = None) -> None:
        if not self.own_patients:
            return
        patient_id = self.rng.choice(self.own_patients)
        current, tag = self._load_patient(patient_id)
        if current is None:
            return
        changed = self.records.changed(current)
        with self.client.put(f"/patient/{patient_id}", json=changed, headers={**self.headers, "If-Match": tag},
                             name=UPDATE_PATIENT, catch_response=True) as r:
            checks.judge(r, 200, JSON, lambda b, resp: checks.patient(b, patient_id, sent=changed)
                         + checks.etag(resp) + (["ETag unchanged by an update"] if resp.headers.get("ETag") == tag
                                                else []))
        if stale_too or (stale_too is None and self.rng.random() < 0.25):
            # Another editor still holding the version read before: the optimistic lock must refuse it.
            with self.client.put(f"/patient/{patient_id}", json=changed, headers={**self.headers, "If-Match": tag},
                                 name=UPDATE_PATIENT_STALE, catch_response=True) as r:
                checks.judge(r, 412, PROBLEM, lambda b, _: checks.problem(b, 412))

    # ---- the original client's calls ------------------------------------------------------------------------

    @task(1)
    def create_patient_untyped(self) -> None:
        # POST /patient/ with the JSON as a plain body and no Content-Type, as the original client and curl -d do.
        sent = self.records.patient()
        with self.untyped.post("/patient/", data=json.dumps(sent), headers=dict(self.headers),
                               name=CREATE_PATIENT_UNTYPED, catch_response=True, timeout=30) as r:
            body = checks.judge(r, 201, JSON, lambda b, resp: checks.patient(b, sent=sent)
                                + checks.location(resp, f"/patient/{b.get('id')}")
                                + checks.absolute_location(resp, f"/patient/{b.get('id')}"))
        if body:
            self.own_patients.append(body["id"])
            SHARED.patients.append((body["id"], sent.get("insuranceNumber")))

    @task(1)
    def update_patient_as_read(self) -> None:
        # The original client PUT the patient back as it read it (id and lastUpdated included), without If-Match.
        if not self.own_patients:
            return
        patient_id = self.rng.choice(self.own_patients)
        current, _ = self._load_patient(patient_id)
        if current is None:
            return
        with self.untyped.put(f"/patient/{patient_id}", data=json.dumps(current), headers=dict(self.headers),
                              name=UPDATE_PATIENT_AS_READ, catch_response=True, timeout=30) as r:
            checks.judge(r, 200, JSON, lambda b, _: checks.patient(b, patient_id))

    @task(1)
    def search_all(self) -> None:
        with self.untyped.post("/patient/search", data="{}", headers=dict(self.headers), name=SEARCH_ALL,
                               catch_response=True, timeout=30) as r:
            checks.judge(r, 200, JSON, lambda b, _: checks.patients(b))

    @task(1)
    def create_test_malformed_patient(self) -> None:
        with self.untyped.post("/patient/1/tests", data=json.dumps(self.records.test_result()),
                               headers=dict(self.headers), name=CREATE_TEST_MALFORMED, catch_response=True,
                               timeout=30) as r:
            checks.judge(r, 400, PROBLEM, lambda b, _: checks.problem(b, 400, "patientId"))

    @task(1)
    def list_tests_trailing_slash(self) -> None:
        picked = SHARED.any_test(self.rng)
        if picked:
            with self.client.get(f"/patient/{picked[0]}/tests/", headers=dict(self.headers), name=LOAD_TESTS_SLASH,
                                 catch_response=True) as r:
                checks.judge(r, 200, JSON, lambda b, _: checks.test_results(b, picked[0]))

    @task(1)
    def list_tests_malformed_patient(self) -> None:
        with self.client.get("/patient/1/tests/", headers=dict(self.headers), name=LOAD_TESTS_MALFORMED,
                             catch_response=True) as r:
            checks.judge(r, 404, PROBLEM, lambda b, _: checks.problem(b, 404))

    @task(1)
    def list_tests_paged(self) -> None:
        # Pages of one, following x-continuation-token (bounded): each page an array of at most one of its tests.
        picked = SHARED.any_test(self.rng)
        if not picked:
            return
        token = None
        for _ in range(3):
            path = f"/patient/{picked[0]}/tests?limit=1" + (f"&continuationToken={token}" if token else "")
            with self.client.get(path, headers=dict(self.headers), name=LOAD_TESTS_PAGED, catch_response=True) as r:
                body = checks.judge(r, 200, JSON, lambda b, _: checks.test_results(b, picked[0])
                                    + (["a page of limit=1 holds more than one test"] if len(b) > 1 else []))
                token = r.headers.get(CONTINUATION) if body is not None else None
            if not token:
                return

    @task(1)
    def load_test_malformed_id(self) -> None:
        picked = SHARED.any_test(self.rng)
        if picked:
            with self.client.get(f"/patient/{picked[0]}/tests/1", headers=dict(self.headers),
                                 name=LOAD_TEST_MALFORMED, catch_response=True) as r:
                checks.judge(r, 404, PROBLEM, lambda b, _: checks.problem(b, 404))

    # ---- searches ------------------------------------------------------------------------------------------

    @task(1)
    def search_by_id(self) -> None:
        patient_id = SHARED.any_patient_id(self.rng)
        if patient_id:
            self._search({"id": patient_id}, SEARCH_BY_ID, lambda p: p.get("id") == patient_id, must_find=patient_id)

    @task(1)
    def search_by_insurance_number(self) -> None:
        # Most patients have an NHS-style number; a few tries find one that has.
        for _ in range(5):
            picked = SHARED.any_patient(self.rng)
            if picked and picked[1]:
                patient_id, number = picked
                self._search({"insuranceNumber": number}, SEARCH_BY_INSURANCE,
                             lambda p: p.get("insuranceNumber") == number, must_find=patient_id)
                return

    @task(2)
    def search_by_date_of_birth(self) -> None:
        born_from, born_to = self.records.date_of_birth_range()
        self._search({"dateOfBirthFrom": born_from, "dateOfBirthTo": born_to}, SEARCH_BY_BIRTH,
                     lambda p: overlaps_range(p.get("dateOfBirth", ""), born_from, born_to))

    @task(1)
    def search_no_match(self) -> None:
        # A surname no generated patient has: the answer must be an empty array, not an error.
        self._search({"lastName": f"Nobody-{uuid.uuid4().hex[:12]}"}, SEARCH_NO_MATCH, lambda p: False,
                     must_be_empty=True)

    def _search(self, criteria: Dict[str, str], name: str, accept, must_find: Optional[str] = None,
                must_be_empty: bool = False) -> None:
        def inspect(body, resp):
            problems = checks.patients(body, accept)
            if must_be_empty and (body or resp.headers.get(CONTINUATION)):
                problems.append("search for nobody returned patients")
            if must_find and not problems and not any(p.get("id") == must_find for p in body) \
                    and not resp.headers.get(CONTINUATION):
                problems.append("search did not find a patient that exists")
            return problems

        with self.client.post("/patient/search?limit=20", json=criteria, headers=dict(self.headers), name=name,
                              catch_response=True) as r:
            checks.judge(r, 200, JSON, inspect)

    # ---- test results --------------------------------------------------------------------------------------

    @task(4)
    def create_test(self) -> None:
        patient_id = SHARED.any_patient_id(self.rng)
        if not patient_id:
            return
        sent = self.records.test_result()
        with self.client.post(f"/patient/{patient_id}/tests", json=sent, headers=dict(self.headers),
                              name=CREATE_TEST, catch_response=True) as r:
            body = checks.judge(r, 201, JSON, lambda b, resp: checks.test_result(b, patient_id, sent=sent)
                                + checks.etag(resp)
                                + checks.location(resp, f"/patient/{patient_id}/tests/{b.get('id')}"))
        if body:
            SHARED.tests.append((patient_id, body["id"]))
            self.own_tests.append((patient_id, body["id"]))

    @task(3)
    def list_tests(self) -> None:
        picked = SHARED.any_test(self.rng)
        if not picked:
            return
        patient_id, test_id = picked
        with self.client.get(f"/patient/{patient_id}/tests", headers=dict(self.headers), name=LOAD_TESTS,
                             catch_response=True) as r:
            # A test recorded for the patient must be listed, unless the list goes on past this page.
            checks.judge(r, 200, JSON, lambda b, resp: checks.test_results(
                b, patient_id, None if resp.headers.get(CONTINUATION) else test_id))

    @task(3)
    def load_test(self) -> None:
        picked = SHARED.any_test(self.rng)
        if picked:
            self._load_test(*picked)

    def _load_test(self, patient_id: str, test_id: str) -> Tuple[Optional[Dict[str, Any]], Optional[str]]:
        with self.client.get(f"/patient/{patient_id}/tests/{test_id}", headers=dict(self.headers), name=LOAD_TEST,
                             catch_response=True) as r:
            body = checks.judge(r, 200, JSON,
                                lambda b, resp: checks.test_result(b, patient_id, test_id) + checks.etag(resp))
            return body, r.headers.get("ETag")

    @task(1)
    def update_test(self) -> None:
        if not self.own_tests:
            return
        patient_id, test_id = self.rng.choice(self.own_tests)
        current, tag = self._load_test(patient_id, test_id)
        if current is None:
            return
        # The lab amends a result: same report, first observation corrected.
        amended = dict(current)
        amended["observations"] = [dict(o) for o in current["observations"]]
        amended["observations"][0]["status"] = "amended"
        with self.client.put(f"/patient/{patient_id}/tests/{test_id}", json=amended,
                             headers={**self.headers, "If-Match": tag}, name=UPDATE_TEST, catch_response=True) as r:
            checks.judge(r, 200, JSON, lambda b, resp: checks.test_result(
                b, patient_id, test_id, sent={"observations": amended["observations"]}) + checks.etag(resp))


class ComplianceOfficer(FastHttpUser):
    """Compliance staff auditing what the integrators did, with the compliance product's key."""

    fixed_count = SETTINGS.compliance_users
    abstract = SETTINGS.compliance_users == 0  # none wanted: a weight-based share would still spawn some
    wait_time = between(SETTINGS.compliance_wait_min, SETTINGS.compliance_wait_max)
    insecure = False
    network_timeout = connection_timeout = 60.0

    def on_start(self) -> None:
        self.rng = random.Random()
        self.headers = {KEY_HEADER: SETTINGS.compliance_key, "Accept": JSON}
        # Wait (bounded) for the integrators' first patients, then run every query once.
        for _ in range(60):
            if SHARED.patients:
                break
            gevent.sleep(0.5)
        self.query_trail()
        self.export_trail()
        self.verify_register()

    @task(6)
    def query_trail(self) -> None:
        patient_id = SHARED.any_patient_id(self.rng)
        if not patient_id:
            return
        with self.client.get(f"/audit/auditrecords?patientId={patient_id}&sort=asc&limit=50",
                             headers=dict(self.headers), name=QUERY_AUDIT, catch_response=True) as r:
            checks.judge(r, 200, JSON, lambda b, _: checks.audit_records(b, patient_id))

    @task(2)
    def export_trail(self) -> None:
        patient_id = SHARED.any_patient_id(self.rng)
        if not patient_id:
            return
        # Both ways of asking for CSV: the format parameter, and content negotiation.
        if self.rng.random() < 0.5:
            path, headers = f"/audit/auditrecords?patientId={patient_id}&format=csv", dict(self.headers)
        else:
            path, headers = f"/audit/auditrecords?patientId={patient_id}", {**self.headers, "Accept": CSV}
        with self.client.get(path, headers=headers, name=EXPORT_AUDIT, catch_response=True) as r:
            checks.judge(r, 200, CSV, lambda text, _: checks.audit_csv(text, patient_id))

    @task(1)
    def verify_register(self) -> None:
        with self.client.get("/audit/auditrecords/verify", headers=dict(self.headers), name=VERIFY_AUDIT,
                             catch_response=True) as r:
            checks.judge(r, 200, JSON, lambda b, _: checks.verification(b))


# ---- start and verdict --------------------------------------------------------------------------------------

THRESHOLDS: Optional[Thresholds] = None


@events.init.add_listener
def refuse_to_start_misconfigured(environment, **_kwargs) -> None:
    """Fails fast, naming what to set: missing keys where users run, a host that may not be targeted, thresholds."""
    global THRESHOLDS
    problems = []
    try:
        THRESHOLDS = Thresholds.from_env(os.environ, OPERATIONS, DEFAULT_LIMITS)
    except ConfigError as e:
        problems.append(str(e))
    if not isinstance(environment.runner, MasterRunner):
        problems.extend(SETTINGS.missing_keys())
    if not isinstance(environment.runner, WorkerRunner):
        refusal = SETTINGS.host_refusal(environment.host)
        if refusal:
            problems.append(refusal)
    if problems:
        for problem in problems:
            LOG.error("cannot start: %s", problem)
        sys.exit(2)
    options = environment.parsed_options
    for path in (getattr(options, "csv_prefix", None), getattr(options, "html_file", None)):
        if path and os.path.dirname(path):
            os.makedirs(os.path.dirname(path), exist_ok=True)


@events.quitting.add_listener
def apply_thresholds(environment, **_kwargs) -> None:
    """Sets the exit code from the thresholds and prints which held and which did not (master or single process)."""
    if isinstance(environment.runner, WorkerRunner) or THRESHOLDS is None:
        return
    stats = environment.stats
    per_request = [thresholds.measured_from(e) for e in stats.entries.values()]
    total = thresholds.measured_from(stats.total, "Aggregated")
    errors = sum(e.get("count", 1) for e in environment.runner.exceptions.values())
    breaches = thresholds.evaluate(per_request, total, THRESHOLDS, OPERATIONS, errors)
    sys.stdout.write("\n" + thresholds.report(per_request, total, breaches, THRESHOLDS) + "\n")
    sys.stdout.flush()
    environment.process_exit_code = 1 if breaches else 0
