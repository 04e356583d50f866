"""Judging responses: right answers pass, and each kind of wrong answer fails with a reason free of ids."""
import json
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import checks  # noqa: E402
from checks import CSV, JSON, PROBLEM  # noqa: E402

PID = "0b6d6a8e-3f2c-4c3e-9d8e-2b1f0a9c7d11"
TID = "5f0c2a9e-1d4b-4e8a-a3b2-9c8d7e6f5a40"


class Response:
    """What judge() reads of a Locust response, and what it marks."""

    def __init__(self, status, body=None, media=JSON, headers=None, url="http://127.0.0.1:8080/patient"):
        self.status_code = status
        self.url = url
        self.text = body if isinstance(body, str) else json.dumps(body)
        self.headers = {"Content-Type": f"{media}; charset=utf-8", **(headers or {})}
        self.outcome = None

    def json(self):
        return json.loads(self.text)

    def success(self):
        self.outcome = "success"

    def failure(self, reason):
        self.outcome = reason


def patient(**fields):
    return {"id": PID, "firstName": "Ada", "gender": "female", "dateOfBirth": "1815-12", "postCode": "W1 1AA",
            "lastUpdated": "2026-01-01T10:00:00.123Z", **fields}


class JudgeTest(unittest.TestCase):
    def test_judge_expectedAnswer_successAndBody(self):
        r = Response(200, patient(), headers={"ETag": '"1"'})
        body = checks.judge(r, 200, JSON, lambda b, resp: checks.patient(b, PID) + checks.etag(resp))
        self.assertEqual((r.outcome, body["id"]), ("success", PID))

    def test_judge_otherStatus_failsWithStatusAndProblemTitle(self):
        r = Response(503, {"type": "about:blank", "title": "Audit unavailable", "status": 503}, PROBLEM)
        self.assertIsNone(checks.judge(r, 201, JSON))
        self.assertEqual(r.outcome, "HTTP 503 'Audit unavailable', expected 201")

    def test_judge_rateLimited_saysSo(self):
        r = Response(429, "", "text/plain")
        checks.judge(r, 200, JSON)
        self.assertIn("rate limited", r.outcome)

    def test_judge_2xxWrongMediaType_fails(self):
        r = Response(200, "<html/>", "text/html")
        checks.judge(r, 200, JSON)
        self.assertEqual(r.outcome, "content type 'text/html', expected 'application/json'")

    def test_judge_2xxUnparsableBody_failsInsteadOfRaising(self):
        r = Response(200, "{not json", JSON)
        checks.judge(r, 200, JSON, lambda b, _: [])
        self.assertEqual(r.outcome, "unreadable response (JSONDecodeError)")

    def test_judge_2xxWrongBody_failsWithoutIds(self):
        r = Response(200, patient(id=TID))
        checks.judge(r, 200, JSON, lambda b, _: checks.patient(b, PID))
        self.assertEqual(r.outcome, "patient id differs from the one asked for")
        self.assertNotIn(TID, r.outcome)


class HeaderTest(unittest.TestCase):
    def test_location_relativeOrAbsolute_resolvedAgainstTheRequest(self):
        self.assertEqual(checks.location(Response(201, headers={"Location": f"patient/{PID}"}), f"/patient/{PID}"), [])
        self.assertEqual(checks.location(Response(201, headers={"Location": f"/patient/{PID}"}), f"/patient/{PID}"), [])
        tests = Response(201, headers={"Location": f"tests/{TID}"}, url=f"http://127.0.0.1:8080/patient/{PID}/tests")
        self.assertEqual(checks.location(tests, f"/patient/{PID}/tests/{TID}"), [])
        self.assertEqual(checks.location(Response(201, headers={"Location": "patient/other"}), f"/patient/{PID}"),
                         ["Location does not name the created resource"])
        self.assertEqual(checks.location(Response(201), "/patient/x"), ["no Location"])


class BodyTest(unittest.TestCase):
    def test_patient_storedDiffersFromSent_namesTheFields(self):
        sent = {k: v for k, v in patient().items() if k not in ("id", "lastUpdated")}
        self.assertEqual(checks.patient(patient(postCode="E1 6AN"), sent=sent),
                         ["stored patient differs from the one sent in postCode"])

    def test_problem_validationWithoutTheField_fails(self):
        body = {"type": "t", "title": "Invalid", "status": 400, "errors": {"gender": ["is required"]}}
        self.assertEqual(checks.problem(body, 400, "gender"), [])
        self.assertEqual(checks.problem(body, 400, "postCode"), ["errors do not name the invalid field 'postCode'"])
        self.assertEqual(checks.problem({**body, "errors": {}}, 400), ["validation problem without errors"])

    def test_testResults_missingRecordedTest_fails(self):
        test = {"id": TID, "patientId": PID, "performer": "Lab", "orderReference": "ORD-1",
                "observations": [{f: "x" for f in checks.OBSERVATION_FIELDS}], "lastUpdated": "2026-01-01T10:00:00Z"}
        self.assertEqual(checks.test_results([test], PID, TID), [])
        self.assertEqual(checks.test_results([], PID, TID), ["test list lacks a test recorded for the patient"])
        self.assertEqual(checks.test_results([{**test, "patientId": TID}], PID),
                         ["test belongs to another patient"])

    def test_auditRecords_otherPatientOrNoCreation_fails(self):
        record = {"id": "r1", "recordedAt": "2026-01-01T10:00:00.000Z", "action": "create", "outcome": "attempted",
                  "resource": {"type": "patient", "id": PID}, "patientId": PID}
        self.assertEqual(checks.audit_records([record], PID), [])
        self.assertEqual(checks.audit_records([], PID), ["no audit record for a patient the integrators created"])
        self.assertEqual(checks.audit_records([{**record, "patientId": TID}], PID),
                         ["audit query returned a record of another patient"])
        search = {**record, "action": "search", "resource": {"type": "patient-search"}, "returnedPatientIds": [TID, PID]}
        del search["patientId"]
        self.assertEqual(checks.audit_records([record, search], PID), [])
        self.assertEqual(checks.audit_records([record, {**search, "returnedPatientIds": [TID]}], PID),
                         ["audit query returned a record of another patient"])
        self.assertIn("lacks the patient's creation", checks.audit_records([{**record, "action": "read"}], PID)[0])

    def test_auditCsv_headerAndRowsOfThePatient(self):
        self.assertEqual(checks.audit_csv(f"id,recordedAt,x\r\nr1,t,{PID}\r\n", PID), [])
        self.assertEqual(checks.audit_csv(f"r1,t,{PID}\r\n", PID), ["CSV export lacks its header row"])
        self.assertEqual(checks.audit_csv("id,recordedAt,x\r\nr1,t,other\r\n", PID),
                         ["CSV export holds a row of another patient"])

    def test_verification_notIntact_fails(self):
        self.assertEqual(checks.verification({"intact": True}), [])
        self.assertEqual(checks.verification({"intact": False}), ["audit register is NOT intact"])
        self.assertEqual(checks.verification({}), ["verification report lacks intact"])


if __name__ == "__main__":
    unittest.main()
