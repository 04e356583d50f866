"""The generated records obey the contract (SYSTEM.md §3), so every 'valid' request the load test sends is valid."""
import datetime as dt
import random
import re
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from patientdata import Records, date_of_birth_period, overlaps_range  # noqa: E402

POST_CODE = re.compile(r"^[A-Za-z0-9 -]{2,10}$")
UK_POST_CODE = re.compile(r"^[A-Z]{1,2}[0-9]{1,2}[A-Z]? [0-9][A-Z]{2}$")


class RecordsTest(unittest.TestCase):
    def setUp(self):
        self.today = dt.date(2026, 3, 1)
        self.records = Records(random.Random(7), today=lambda: self.today,
                               now=lambda: dt.datetime(2026, 3, 1, 12, tzinfo=dt.timezone.utc))

    def test_patient_manyGenerated_allValidAndVaried(self):
        patients = [self.records.patient() for _ in range(2000)]
        for p in patients:
            self.assertTrue(set(p) <= {"firstName", "lastName", "fullName", "gender", "dateOfBirth", "postCode",
                                       "insuranceNumber", "preferredContactNumber"})
            self.assertIn(p["gender"], {"male", "female", "other", "unknown"})
            self.assertRegex(p["postCode"], POST_CODE)
            self.assertRegex(p["postCode"], UK_POST_CODE)
            period = date_of_birth_period(p["dateOfBirth"])
            self.assertIsNotNone(period, p["dateOfBirth"])
            self.assertLess(period[0], self.today)
            self.assertLessEqual(len(p["firstName"]), 64)
            self.assertLessEqual(len(p.get("fullName", "")), 128)
        self.assertEqual({len(p["dateOfBirth"]) for p in patients}, {4, 7, 10})
        self.assertEqual({p["gender"] for p in patients}, {"male", "female", "other", "unknown"})
        self.assertGreater(len({p["firstName"] for p in patients}), 40)
        self.assertGreater(len({p.get("lastName") for p in patients}), 40)

    def test_nhsNumber_generated_hasValidCheckDigit(self):
        for _ in range(500):
            digits = [int(c) for c in self.records.nhs_number().replace(" ", "")]
            self.assertEqual(len(digits), 10)
            check = 11 - sum(d * (10 - i) for i, d in enumerate(digits[:9])) % 11
            self.assertEqual(digits[9], 0 if check == 11 else check)

    def test_invalidPatient_eachKind_breaksTheNamedField(self):
        fields = set()
        for _ in range(300):
            field, body = self.records.invalid_patient()
            fields.add(field)
            if field == "dateOfBirth":
                period = date_of_birth_period(body["dateOfBirth"])
                self.assertTrue(period is None or period[0] > self.today)
            elif field == "postCode":
                self.assertNotRegex(body["postCode"], POST_CODE)
            elif field == "firstName":
                self.assertNotIn("firstName", body)
        self.assertEqual(fields, {"firstName", "gender", "dateOfBirth", "postCode", "nhsNumber", "id"})

    def test_testResult_generated_observationsComplete(self):
        for _ in range(300):
            result = self.records.test_result()
            self.assertTrue(1 <= len(result["observations"]) <= 100)
            for o in result["observations"]:
                self.assertEqual(set(o), {"id", "code", "measurement", "interpretation", "issued", "status"})
                issued = dt.datetime.fromisoformat(o["issued"].replace("Z", "+00:00"))
                self.assertLess(issued, dt.datetime(2026, 3, 1, 12, tzinfo=dt.timezone.utc))
                self.assertIn(o["interpretation"], {"low", "normal", "high"})
                self.assertRegex(o["code"], r"^\d{1,5}-\d$")

    def test_dateOfBirthRange_generated_isOrdered(self):
        for _ in range(300):
            low, high = self.records.date_of_birth_range()
            self.assertLessEqual(date_of_birth_period(low)[0], date_of_birth_period(high)[1])


class PeriodTest(unittest.TestCase):
    def test_period_threeFormats_coverTheirDays(self):
        self.assertEqual(date_of_birth_period("1980"), (dt.date(1980, 1, 1), dt.date(1980, 12, 31)))
        self.assertEqual(date_of_birth_period("2024-02"), (dt.date(2024, 2, 1), dt.date(2024, 2, 29)))
        self.assertEqual(date_of_birth_period("1999-12-31"), (dt.date(1999, 12, 31), dt.date(1999, 12, 31)))
        self.assertIsNone(date_of_birth_period("1985-02-30"))
        self.assertIsNone(date_of_birth_period("19800101"))

    def test_overlapsRange_partialDates_matchAsTheServerDoes(self):
        self.assertFalse(overlaps_range("1979-12-31", "1980", "1980"))
        self.assertTrue(overlaps_range("1980-12", "1980", "1980"))
        self.assertTrue(overlaps_range("1980", "1980-06-01", "1980-06-30"))


if __name__ == "__main__":
    unittest.main()
