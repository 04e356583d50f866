"""The locustfile run headless against the fake gateway: right answers pass, wrong answers fail the run.

Needs Locust (/usr/bin/locust from Debian's python3-locust); skipped without it. About 20 seconds.
"""
import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
LOCUST = Path("/usr/bin/locust")


@unittest.skipUnless(LOCUST.exists(), "python3-locust is not installed")
class LocustfileTest(unittest.TestCase):
    def run_against_fake(self, *fake_flags, **env):
        fake = subprocess.Popen([sys.executable, str(HERE / "fake_gateway.py"), "0", "ik", "ck", *fake_flags],
                                stdout=subprocess.PIPE, text=True)
        try:
            with fake.stdout:
                port = int(fake.stdout.readline())
            with tempfile.TemporaryDirectory() as results:
                run = subprocess.run(
                    [str(LOCUST), "--headless", "-u", "3", "-r", "3", "-t", "6s", "--host", f"http://127.0.0.1:{port}",
                     "--csv", f"{results}/run", "--html", f"{results}/run.html"],
                    cwd=HERE.parent, capture_output=True, text=True, timeout=60,
                    env={**{k: v for k, v in os.environ.items() if not k.startswith(("LOCUST_", "STACK_"))},
                         "LOCUST_INTEGRATOR_KEY": "ik", "LOCUST_COMPLIANCE_KEY": "ck", "LOCUST_WAIT_MIN": "0.1",
                         "LOCUST_WAIT_MAX": "0.3", "LOCUST_COMPLIANCE_WAIT_MIN": "0.5",
                         "LOCUST_COMPLIANCE_WAIT_MAX": "1", **env})
                self.assertTrue(Path(f"{results}/run_stats.csv").exists())
                self.assertTrue(Path(f"{results}/run.html").exists())
                return run
        finally:
            fake.kill()
            fake.wait()

    def test_run_rightAnswers_passesAndCoversEveryOperation(self):
        run = self.run_against_fake(LOCUST_MAX_FAILURE_RATIO="0", LOCUST_REQUIRE_ALL_OPERATIONS="true")
        self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
        self.assertIn("PASSED: every threshold held", run.stdout)

    def test_run_wrongBodiesWith2xx_failsNamingTheCheck(self):
        run = self.run_against_fake("--wrong")
        self.assertEqual(run.returncode, 1, run.stdout + run.stderr)
        self.assertIn("CreatePatient: failure ratio", run.stdout)
        self.assertIn("stored patient differs from the one sent in firstName", run.stdout + run.stderr)

    def test_run_withoutKeys_refusesToStart(self):
        run = subprocess.run([str(LOCUST), "--headless", "-u", "1", "-t", "1s"], cwd=HERE.parent,
                             capture_output=True, text=True, timeout=60,
                             env={k: v for k, v in os.environ.items() if not k.startswith(("LOCUST_", "STACK_"))})
        self.assertEqual(run.returncode, 2)
        self.assertIn("set LOCUST_INTEGRATOR_KEY", run.stderr)


if __name__ == "__main__":
    unittest.main()
