"""The run's verdict: which thresholds a run breaches, and how they are configured."""
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from thresholds import ConfigError, Measured, Thresholds, evaluate, report  # noqa: E402

NAMES = ("CreatePatient", "VerifyAuditRegister", "CreatePatient:invalid")


def measured(name, requests=100, failures=0, p95=100.0, p99=200.0):
    return Measured(name, requests, failures, p95, p99)


class ThresholdsTest(unittest.TestCase):
    def test_fromEnv_nothingSet_usesDefaults(self):
        t = Thresholds.from_env({}, NAMES)
        self.assertEqual((t.max_failure_ratio, t.max_p95_ms, t.max_p99_ms, t.require_all), (0.01, 1500, 4000, False))

    def test_fromEnv_perRequestOverride_appliesToThatRequestOnly(self):
        t = Thresholds.from_env({"LOCUST_MAX_P95_MS": "500", "LOCUST_MAX_P99_MS_VERIFYAUDITREGISTER": "9000",
                                 "LOCUST_MAX_P95_MS_CREATEPATIENT_INVALID": "50"}, NAMES)
        self.assertEqual(t.limit("VerifyAuditRegister", "p99"), 9000)
        self.assertEqual(t.limit("VerifyAuditRegister", "p95"), 500)
        self.assertEqual(t.limit("CreatePatient:invalid", "p95"), 50)
        self.assertEqual(t.limit("CreatePatient", "p99"), 4000)

    def test_fromEnv_scenarioDefault_appliesUnlessTheVariableIsSet(self):
        defaults = {("VerifyAuditRegister", "p95"): 10000.0}
        self.assertEqual(Thresholds.from_env({}, NAMES, defaults).limit("VerifyAuditRegister", "p95"), 10000)
        self.assertEqual(Thresholds.from_env({"LOCUST_MAX_P95_MS_VERIFYAUDITREGISTER": "700"}, NAMES, defaults)
                         .limit("VerifyAuditRegister", "p95"), 700)

    def test_fromEnv_badValue_namesTheVariable(self):
        with self.assertRaisesRegex(ConfigError, "LOCUST_MAX_FAILURE_RATIO"):
            Thresholds.from_env({"LOCUST_MAX_FAILURE_RATIO": "2"}, NAMES)
        with self.assertRaisesRegex(ConfigError, "LOCUST_REQUIRE_ALL_OPERATIONS"):
            Thresholds.from_env({"LOCUST_REQUIRE_ALL_OPERATIONS": "maybe"}, NAMES)

    def test_evaluate_allWithinLimits_noBreach(self):
        per = [measured("CreatePatient")]
        self.assertEqual(evaluate(per, measured("Aggregated"), Thresholds()), [])

    def test_evaluate_slowAndFailing_reportsEachBreachWithItsValue(self):
        per = [measured("CreatePatient", p95=2000, p99=5000), measured("VerifyAuditRegister", 10, 1)]
        breaches = evaluate(per, measured("Aggregated", 110, 1), Thresholds())
        text = [str(b) for b in breaches]
        self.assertIn("CreatePatient: p95 2000 ms exceeds 1500 ms", text)
        self.assertIn("CreatePatient: p99 5000 ms exceeds 4000 ms", text)
        self.assertIn("VerifyAuditRegister: failure ratio 10.00% (1/10) exceeds 1.00%", text)
        self.assertEqual(len(breaches), 3)

    def test_evaluate_zeroRatio_anyFailureBreaches(self):
        breaches = evaluate([measured("CreatePatient", 1000, 1)], measured("Aggregated", 1000, 1),
                            Thresholds(max_failure_ratio=0))
        self.assertEqual([b.name for b in breaches], ["CreatePatient", "Aggregated"])

    def test_evaluate_noRequestsOrUserErrors_breaches(self):
        self.assertEqual(len(evaluate([], measured("Aggregated", 0), Thresholds())), 1)
        self.assertEqual(evaluate([], measured("Aggregated"), Thresholds(), user_errors=2)[0].what,
                         "unhandled exceptions")

    def test_evaluate_requireAll_missingOperationBreaches(self):
        breaches = evaluate([measured("CreatePatient")], measured("Aggregated"), Thresholds(require_all=True), NAMES)
        self.assertEqual(sorted(b.name for b in breaches), ["CreatePatient:invalid", "VerifyAuditRegister"])

    def test_report_breach_saysFailedAndWhy(self):
        t = Thresholds()
        per = [measured("CreatePatient", p95=2000)]
        text = report(per, measured("Aggregated"), evaluate(per, measured("Aggregated"), t), t)
        self.assertIn("FAILED: 1 threshold(s) breached", text)
        self.assertIn("CreatePatient: p95 2000 ms exceeds 1500 ms", text)


if __name__ == "__main__":
    unittest.main()
