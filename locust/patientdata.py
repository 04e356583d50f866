"""Generated records that look like what hospitals and labs send: varied names, partial dates of birth,
UK-style post codes, NHS-style numbers, fictional phone numbers and plausible lab panels.

Nothing here is real: phone numbers are in Ofcom's drama range and NHS-style numbers are random
(with a valid check digit, so they look right to a human reading a failure).
"""
from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Callable, Dict, Optional, Tuple

FIRST_NAMES = (
    "Oliver", "Amelia", "George", "Isla", "Muhammad", "Ava", "Noah", "Olivia", "Arthur", "Mia",
    "Leo", "Ivy", "Harry", "Freya", "Oscar", "Lily", "Archie", "Florence", "Henry", "Aisha",
    "Jack", "Grace", "Theo", "Priya", "Charlie", "Sophia", "Finley", "Zara", "Alfie", "Niamh",
    "Rhys", "Siobhan", "Callum", "Eilidh", "Dafydd", "Carys", "Kwame", "Adaeze", "Tomasz", "Agnieszka",
    "Mehmet", "Elif", "Raj", "Ananya", "Chen", "Mei", "Diego", "Lucía", "Yusuf", "Fatima",
    "Sean", "Róisín", "Ewan", "Maja", "Jonah", "Hana", "Ravi", "Imani", "Bartholomew", "Jo",
)
LAST_NAMES = (
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson",
    "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes", "Green", "Hall",
    "Khan", "Patel", "Ahmed", "Singh", "Begum", "Ali", "Hussain", "Okafor", "Mensah", "Adeyemi",
    "Kowalski", "Nowak", "Yilmaz", "Chen", "Wang", "Nguyen", "García", "Fernández", "MacDonald", "O'Brien",
    "Murphy", "Campbell", "Stewart", "Morgan", "Price", "Llewellyn", "ap Rhys", "Fitzgerald", "Baptiste",
    "Smith-Jones", "Van der Berg", "De Souza", "Kaur", "Achterberg", "Ó Súilleabháin", "Lee", "Kim", "Park",
)
# Weighted roughly as registers see them: most records state male or female.
GENDERS = (("female", 48), ("male", 47), ("other", 2), ("unknown", 3))
# Outward-code areas from across the UK (England, Wales, Scotland, Northern Ireland).
POSTCODE_AREAS = ("SW", "SE", "N", "E", "W", "NW", "EC", "M", "B", "LS", "L", "BS", "NE", "S", "NG", "LE",
                  "CF", "SA", "LL", "EH", "G", "AB", "DD", "IV", "BT", "OX", "CB", "BN", "PL", "EX", "YO")
# Letters that never appear in the inward code's last two places.
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
PERFORMERS = (
    "St Thomas' Hospital Blood Sciences", "Royal Infirmary of Edinburgh Clinical Chemistry",
    "University Hospital of Wales Pathology", "Leeds Teaching Hospitals Haematology",
    "Belfast City Hospital Laboratories", "Synnovis Pathology", "Manchester Royal Infirmary Biochemistry",
    "Queen Elizabeth Hospital Birmingham Laboratory Medicine",
)
OBSERVATION_STATUSES = (("final", 90), ("preliminary", 6), ("amended", 3), ("corrected", 1))

# (LOINC code, name, unit, reference low, reference high, decimals)
ANALYTES = {
    "718-7": ("Haemoglobin", "g/L", 115, 165, 0),
    "6690-2": ("White cell count", "10*9/L", 4.0, 11.0, 1),
    "777-3": ("Platelets", "10*9/L", 150, 400, 0),
    "2951-2": ("Sodium", "mmol/L", 133, 146, 0),
    "2823-3": ("Potassium", "mmol/L", 3.5, 5.3, 1),
    "14682-9": ("Creatinine", "umol/L", 59, 104, 0),
    "22664-7": ("Urea", "mmol/L", 2.5, 7.8, 1),
    "59261-8": ("HbA1c (IFCC)", "mmol/mol", 20, 41, 0),
    "15074-8": ("Glucose", "mmol/L", 3.9, 7.8, 1),
    "14647-2": ("Total cholesterol", "mmol/L", 2.5, 5.0, 1),
    "3016-3": ("TSH", "mU/L", 0.27, 4.2, 2),
    "1988-5": ("C-reactive protein", "mg/L", 0, 5, 0),
    "1742-6": ("ALT", "U/L", 7, 56, 0),
    "14635-7": ("25-hydroxyvitamin D", "nmol/L", 50, 175, 0),
}
PANELS = (
    ("FBC", ("718-7", "6690-2", "777-3")),
    ("U&E", ("2951-2", "2823-3", "14682-9", "22664-7")),
    ("Diabetes review", ("59261-8", "15074-8")),
    ("Lipids", ("14647-2",)),
    ("Thyroid", ("3016-3",)),
    ("Inflammation", ("1988-5",)),
    ("LFT", ("1742-6",)),
    ("Bone health", ("14635-7",)),
)
# What the server is expected to report for each invalid patient: the field that must appear in `errors`.
InvalidPatient = Tuple[str, Dict[str, object]]


class Records:
    """Makes patients and test results. One per user, seeded from the shared generator, so runs vary."""

    def __init__(self, rng: Optional[random.Random] = None, today: Callable[[], dt.date] = dt.date.today,
                 now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.timezone.utc)):
        self.rng = rng or random.Random()
        self.today = today
        self.now = now

    # ---- patients ------------------------------------------------------------------------------------------

    def patient(self) -> Dict[str, str]:
        """A valid new patient: required fields always, optional ones most of the time."""
        r = self.rng
        first, last = r.choice(FIRST_NAMES), r.choice(LAST_NAMES)
        patient = {
            "firstName": first,
            "gender": self._weighted(GENDERS),
            "dateOfBirth": self.date_of_birth(),
            "postCode": self.post_code(),
        }
        if r.random() < 0.95:
            patient["lastName"] = last
            if r.random() < 0.7:
                middle = r.choice(FIRST_NAMES) + " " if r.random() < 0.2 else ""
                patient["fullName"] = f"{first} {middle}{last}"
        if r.random() < 0.85:
            patient["insuranceNumber"] = self.nhs_number()
        if r.random() < 0.7:
            patient["preferredContactNumber"] = self.phone_number()
        return patient

    def invalid_patient(self) -> InvalidPatient:
        """A patient the API must refuse with 400, and the field its `errors` must name."""
        body = self.patient()
        kind = self.rng.randrange(7)
        if kind == 0:
            del body["firstName"]
            return "firstName", body
        if kind == 1:
            body["gender"] = self.rng.choice(("F", "M", "woman", ""))
            return "gender", body
        if kind == 2:
            body["dateOfBirth"] = str(self.today().year + 1 + self.rng.randrange(5))
            return "dateOfBirth", body
        if kind == 3:
            body["dateOfBirth"] = self.rng.choice(("1985-02-30", "1990-13", "31/01/1970", "19700101"))
            return "dateOfBirth", body
        if kind == 4:
            body["postCode"] = self.rng.choice(("SW1A 1AA!", "X", "EC1A 1BB EC1A"))
            return "postCode", body
        if kind == 5:
            body["nhsNumber"] = self.nhs_number()
            return "nhsNumber", body
        body["id"] = str(uuid.uuid4())
        return "id", body

    def date_of_birth(self) -> str:
        """YYYY-MM-DD mostly, sometimes only YYYY-MM or YYYY; ages 0 to 104, never in the future."""
        today = self.today()
        # Up to yesterday, so a server whose day has not yet begun (another time zone) still accepts it.
        latest = today - dt.timedelta(days=1)
        born = latest - dt.timedelta(days=self.rng.randrange(0, 105 * 365))
        precision = self.rng.random()
        if precision < 0.85:
            return born.isoformat()
        if precision < 0.95:
            return born.strftime("%Y-%m")
        return born.strftime("%Y")

    def post_code(self) -> str:
        """An outward code (area, district, sometimes a sub-district letter), a space, and an inward code."""
        r = self.rng
        area = r.choice(POSTCODE_AREAS)
        district = str(r.randrange(1, 10) if len(area) == 2 else r.randrange(1, 30))
        if len(area) <= 2 and r.random() < 0.1:
            district += r.choice("ABEHMNPRVWXY")
        return f"{area}{district} {r.randrange(10)}{r.choice(INWARD_LETTERS)}{r.choice(INWARD_LETTERS)}"

    def nhs_number(self) -> str:
        """Ten digits with a valid modulus-11 check digit, grouped 3-3-4 as printed on letters."""
        while True:
            digits = [self.rng.randrange(10) for _ in range(9)]
            check = 11 - sum(d * (10 - i) for i, d in enumerate(digits)) % 11
            check = 0 if check == 11 else check
            if check != 10:
                n = "".join(map(str, digits + [check]))
                return f"{n[:3]} {n[3:6]} {n[6:]}"

    def phone_number(self) -> str:
        """A number from Ofcom's ranges reserved for drama, so it reaches nobody."""
        if self.rng.random() < 0.6:
            return f"+44 7700 900{self.rng.randrange(1000):03d}"
        return f"020 7946 0{self.rng.randrange(1000):03d}"

    def changed(self, patient: Dict[str, object]) -> Dict[str, object]:
        """The patient as read, with what people update most: moving house or changing number."""
        updated = dict(patient)
        if self.rng.random() < 0.6:
            updated["postCode"] = self.post_code()
        else:
            updated["preferredContactNumber"] = self.phone_number()
        return updated

    def date_of_birth_range(self) -> Tuple[str, str]:
        """An inclusive range for a search, in any of the three formats, ordered."""
        # Text order is date order here: "1980" sorts before "1980-05", whose first day is no earlier.
        a, b = sorted((self.date_of_birth(), self.date_of_birth()))
        return a, b

    # ---- test results --------------------------------------------------------------------------------------

    def test_result(self) -> Dict[str, object]:
        """A lab report: one panel, each analyte measured with its unit and interpreted against its range."""
        r = self.rng
        _, codes = r.choice(PANELS)
        issued = self.now() - dt.timedelta(minutes=r.randrange(5, 60 * 24 * 30))
        return {
            "performer": r.choice(PERFORMERS),
            "orderReference": f"ORD-{issued.year}-{r.randrange(10 ** 6):06d}",
            "observations": [self._observation(code, issued) for code in codes],
        }

    def _observation(self, code: str, issued: dt.datetime) -> Dict[str, str]:
        name, unit, low, high, decimals = ANALYTES[code]
        span = high - low
        # About one result in six falls outside its reference range, as on a real ward.
        value = self.rng.uniform(low - span * 0.3, high + span * 0.3) if self.rng.random() < 0.17 \
            else self.rng.uniform(low, high)
        value = max(value, 0.0)
        shown = f"{value:.{decimals}f}"
        interpretation = "low" if float(shown) < low else "high" if float(shown) > high else "normal"
        return {
            "id": f"obs-{uuid.UUID(int=self.rng.getrandbits(128)).hex[:12]}",
            "code": code,
            "measurement": f"{shown} {unit}",
            "interpretation": interpretation,
            "issued": issued.replace(microsecond=0).isoformat().replace("+00:00", "Z"),
            "status": self._weighted(OBSERVATION_STATUSES),
        }

    def _weighted(self, choices) -> str:
        values, weights = zip(*choices)
        return self.rng.choices(values, weights=weights)[0]


def date_of_birth_period(text: str) -> Optional[Tuple[dt.date, dt.date]]:
    """The days a partial date of birth stands for (all of 1980 for "1980"); None when it is not a real date."""
    try:
        parts = [int(p) for p in text.split("-")]
        if len(text) == 4 and len(parts) == 1:
            return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
        if len(text) == 7 and len(parts) == 2:
            first = dt.date(parts[0], parts[1], 1)
            following = dt.date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
            return first, following - dt.timedelta(days=1)
        if len(text) == 10 and len(parts) == 3:
            day = dt.date(*parts)
            return day, day
    except ValueError:
        return None
    return None


def overlaps_range(date_of_birth: str, born_from: str, born_to: str) -> bool:
    """Whether a patient born `date_of_birth` may have been born within [born_from, born_to] (the server's rule)."""
    period, lower, upper = (date_of_birth_period(date_of_birth), date_of_birth_period(born_from),
                            date_of_birth_period(born_to))
    if period is None or lower is None or upper is None:
        return False
    return period[1] >= lower[0] and period[0] <= upper[1]
