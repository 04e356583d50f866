"""A tiny in-memory stand-in for the gateway, to check the locustfile's logic without Java (loopback only).

    /usr/bin/python3 tests/fake_gateway.py PORT INTEGRATOR_KEY COMPLIANCE_KEY [--wrong]    (PORT 0: a free one, printed)

It follows the contract loosely; with --wrong every third created patient comes back with another first name, which the
locustfile must report as failures.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import sys
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, __file__.rsplit("/tests/", 1)[0])
from patientdata import date_of_birth_period, overlaps_range  # noqa: E402

PORT, INTEGRATOR, COMPLIANCE = int(sys.argv[1]), sys.argv[2], sys.argv[3]
WRONG = "--wrong" in sys.argv
UUID = re.compile(r"^[0-9a-f-]{36}$")
PATIENT_FIELDS = {"id", "firstName", "lastName", "fullName", "gender", "dateOfBirth", "postCode", "insuranceNumber",
                  "preferredContactNumber", "lastUpdated"}
LOCK = threading.Lock()
PATIENTS, VERSIONS, TESTS, AUDIT, KEYS = {}, {}, {}, [], {}


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def validate_patient(body, create):
    errors = {}
    for k in body:
        if k not in PATIENT_FIELDS:
            errors[k] = ["is not a known field"]
    if create and "id" in body:
        errors["id"] = ["is set by the server and must not be sent"]
    if not isinstance(body.get("firstName"), str):
        errors["firstName"] = ["is required"]
    if body.get("gender") not in ("male", "female", "other", "unknown"):
        errors["gender"] = ["must be one of female, male, other, unknown"]
    period = date_of_birth_period(str(body.get("dateOfBirth", "")))
    if period is None or period[0] > dt.date.today():
        errors["dateOfBirth"] = ["must be a real date, not in the future"]
    if not re.fullmatch(r"[A-Za-z0-9 -]{2,10}", str(body.get("postCode", ""))):
        errors["postCode"] = ["must be 2 to 10 letters, digits, spaces or hyphens"]
    return errors


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body=None, media="application/json", headers=None):
        data = (body if isinstance(body, str) else json.dumps(body)).encode() if body is not None else b""
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def problem(self, status, title, errors=None):
        body = {"type": "about:blank", "title": title, "status": status, "traceId": uuid.uuid4().hex}
        if errors:
            body["errors"] = errors
        self.send(status, body, "application/problem+json")

    def body(self):
        return json.loads(self.raw or b"{}")

    def route(self, method):
        # Read the whole body first, answered or not, so the kept-alive connection stays in step.
        self.raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        url = urlsplit(self.path)
        parts, query = url.path.strip("/").split("/"), parse_qs(url.query)
        key = self.headers.get("Ocp-Apim-Subscription-Key")
        if self.raw and self.headers.get("Content-Type", "application/json").split(";")[0] != "application/json":
            return self.problem(415, "Unsupported media type")
        if parts[0] == "patient" and key == INTEGRATOR:
            return self.patient_api(method, parts[1:], query)
        if parts[0] == "audit" and key == COMPLIANCE and method == "GET":
            return self.audit_api(parts[1:], query)
        return self.problem(401 if parts[0] in ("patient", "audit") else 404, "denied")

    def audit(self, action, patient_id, rtype="patient"):
        AUDIT.append({"id": str(uuid.uuid4()), "recordedAt": now(), "sourceSystemName": "fake", "action": action,
                      "resource": {"type": rtype, "id": patient_id}, "patientId": patient_id, "outcome": "success"})

    def patient_api(self, method, p, url_query):
        with LOCK:
            if method == "POST" and p == [""] or method == "POST" and not p:
                body = self.body()
                errors = validate_patient(body, True)
                if errors:
                    return self.problem(400, "Invalid request", errors)
                key = self.headers.get("Idempotency-Key")
                if key in KEYS:
                    if KEYS[key][0] != body:
                        return self.problem(422, "Unprocessable content")
                    return self.send(201, KEYS[key][1], headers={"ETag": '"1"', "Idempotent-Replayed": "true",
                                                                 "Location": f"/api/patient/{KEYS[key][1]['id']}"})
                pid = str(uuid.uuid4())
                self.audit("create", pid)
                PATIENTS[pid] = {**body, "id": pid, "lastUpdated": now()}
                VERSIONS[pid] = 1
                out = dict(PATIENTS[pid])
                if WRONG and len(PATIENTS) % 3 == 0:
                    out["firstName"] = "Mallory"
                if key:
                    KEYS[key] = (body, out)
                return self.send(201, out, headers={"ETag": '"1"', "Location": f"/patient/{pid}"})
            if method == "POST" and p == ["search"]:
                c = self.body()
                lo, hi = c.pop("dateOfBirthFrom", None), c.pop("dateOfBirthTo", None)
                found = [x for x in PATIENTS.values() if all(x.get(k) == v for k, v in c.items())
                         and (not lo or overlaps_range(x["dateOfBirth"], lo, hi or "9999"))]
                return self.send(200, sorted(found, key=lambda x: x["id"])[:20])
            pid = p[0]
            if len(p) == 2 and method == "POST" and not UUID.match(pid):
                return self.problem(400, "Invalid request", {"patientId": ["must be a lower-case UUID"]})
            if pid not in PATIENTS:
                return self.problem(404, "Not found")
            if len(p) == 1 and method == "GET":
                self.audit("read", pid)
                return self.send(200, PATIENTS[pid], headers={"ETag": f'"{VERSIONS[pid]}"'})
            if len(p) == 1 and method == "PUT":
                if self.headers.get("If-Match") not in (None, f'"{VERSIONS[pid]}"'):
                    return self.problem(412, "Precondition failed")
                body = self.body()
                VERSIONS[pid] += 1
                PATIENTS[pid] = {**body, "id": pid, "lastUpdated": now()}
                return self.send(200, PATIENTS[pid], headers={"ETag": f'"{VERSIONS[pid]}"'})
            tests = TESTS.setdefault(pid, {})
            if len(p) == 2 and method == "POST":
                tid = str(uuid.uuid4())
                tests[tid] = ({**self.body(), "id": tid, "patientId": pid, "lastUpdated": now()}, 1)
                return self.send(201, tests[tid][0], headers={"ETag": '"1"',
                                                              "Location": f"/patient/{pid}/tests/{tid}"})
            if len(p) == 2 and method == "GET":
                after = url_query.get("continuationToken", [""])[0]
                limit = int(url_query.get("limit", ["20"])[0])
                listed = sorted((t for t, _ in tests.values() if t["id"] > after), key=lambda t: t["id"])
                more = {"x-continuation-token": listed[limit - 1]["id"]} if len(listed) > limit else {}
                return self.send(200, listed[:limit], headers=more)
            if len(p) == 3 and p[2] in tests:
                test, version = tests[p[2]]
                if method == "GET":
                    return self.send(200, test, headers={"ETag": f'"{version}"'})
                tests[p[2]] = ({**self.body(), "lastUpdated": now()}, version + 1)
                return self.send(200, tests[p[2]][0], headers={"ETag": f'"{version + 1}"'})
            return self.problem(404, "Not found")

    def audit_api(self, p, query):
        with LOCK:
            if p == ["auditrecords", "verify"]:
                return self.send(200, {"intact": True, "records": len(AUDIT), "chains": []})
            pid = query.get("patientId", [None])[0]
            found = [a for a in AUDIT if a["patientId"] == pid][:50]
            if query.get("format") == ["csv"] or "text/csv" in (self.headers.get("Accept") or ""):
                rows = ["id,recordedAt,sourceSystemName,action,patientId"] + \
                       [f"{a['id']},{a['recordedAt']},fake,{a['action']},{pid}" for a in found]
                return self.send(200, "\r\n".join(rows) + "\r\n", "text/csv; charset=utf-8")
            return self.send(200, found)

    def do_GET(self):
        self.route("GET")

    def do_POST(self):
        self.route("POST")

    def do_PUT(self):
        self.route("PUT")


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
    print(server.server_address[1], flush=True)  # the port, when 0 asked for a free one
    server.serve_forever()
