"""The scripted facts of the demo: Northway Motors, a car dealer group with three branches.

Plain data, no Django. The numbers are the *true* means the simulation draws around (on the 1-7
scale); they are chosen so the demo tells the gap story on first open: leaders rate themselves far
higher than employees, who rate higher than customers; "Calls back within one working day" has the
biggest gap and slowly improves after an action; Parts is the weakest internal supplier.
"""

from __future__ import annotations

from dataclasses import dataclass

# fmt: off
# (The tables below are laid out by hand; the formatter would put every item on its own line.)

SCALE_MAX = 7
TIME_ZONE = "Europe/London"
WORKSPACE = {
    "name": "Northway Motors", "scale_max": SCALE_MAX, "time_zone": TIME_ZONE,
    "anonymity_threshold": 5,
}
HQ = ("HQ", "Northway Motors group")

# (code, town, overall effect on every rating)
BRANCHES = [("NORTH", "Harrogate", 0.30), ("CITY", "Leeds City", 0.0), ("EAST", "York", -0.30)]
# (code, name, employees per branch, job title)
DEPARTMENTS = [
    ("SALES", "Sales", 5, "Sales executive"),
    ("SERVICE", "Service", 5, "Service advisor"),
    ("PARTS", "Parts", 3, "Parts adviser"),
    ("FINANCE", "Finance", 2, "Business manager"),
    ("DESK", "Front desk", 3, "Receptionist"),
]
LEADERS_HQ = [
    "Managing director", "Sales director", "Aftersales director", "Finance director",
    "Customer experience manager", "People director",
]
LEADERS_BRANCH = [
    "Branch manager", "Sales manager", "Service manager", "Parts manager",
    "Business manager", "Front-of-house manager", "Aftersales manager",
]


@dataclass(frozen=True)
class StandardSpec:
    code: str
    title: str
    why: str
    behaviours: tuple[str, ...]
    dimension: str
    servqual: str
    need_or_want: str
    experience: float  # customers' true mean experience
    expectation: float  # customers' true mean expectation


S = StandardSpec
STANDARDS = [
    S("GREET", "Greets you within a minute, by name when we know it",
      "The first minute decides how the rest of the visit feels.",
      ("Looks up and smiles within 60 seconds", "Uses your name", "Offers a drink while you wait"),
      "people", "empathy", "want", 4.8, 5.6),
    S("LISTEN", "Listens before recommending",
      "We can only sell or fix the right thing when we know how you use your car.",
      ("Asks how you use the car", "Repeats back what you need", "Recommends only what fits"),
      "people", "empathy", "need", 4.3, 6.0),
    S("EXPLAIN", "Explains the work and the bill in plain words",
      "Nobody should pay for something they do not understand.",
      ("Shows the old part or a photo", "Goes through every line of the invoice",
       "Answers questions without jargon"),
      "people", "assurance", "need", 4.6, 6.1),
    S("NO-PRESSURE", "Finance options side by side, without pressure",
      "A car is a big decision; trust is worth more than one sale.",
      ("Shows at least two options on one page", "Gives the total amount payable",
       "Lets you take the quote home"),
      "people", "assurance", "need", 4.0, 6.0),
    S("CALLBACK", "Calls back within one working day",
      "Waiting for a call that never comes is the top reason customers leave us.",
      ("Gives a time for the call back", "Calls when promised, even without news",
       "Leaves a direct number"),
      "process", "responsiveness", "need", 2.9, 6.4),
    S("ONTIME", "Your car is ready at the time we promised",
      "Customers plan their day around our promise.",
      ("Confirms the collection time at drop-off", "Warns you before the time if it slips"),
      "process", "reliability", "need", 4.0, 6.3),
    S("BOOKING", "Booking takes less than five minutes",
      "Easy to book means easy to come back.",
      ("Answers the phone within three rings", "Offers a slot this week",
       "Confirms by text the same day"),
      "process", "responsiveness", "need", 5.4, 5.3),
    S("NO-SURPRISE", "No surprises on the bill: we ask before extra work",
      "A surprise on the bill undoes a good repair.",
      ("Gives a quote before starting", "Calls before any extra work", "Bill matches the quote"),
      "process", "reliability", "need", 4.2, 6.5),
    S("CAR-READY", "Your new car is exactly as described, prepared and valeted",
      "Handover is the moment customers remember and tell their friends about.",
      ("Car is valeted and fuelled", "Every extra ordered is fitted",
       "Paperwork is ready when you arrive"),
      "product", "tangibles", "need", 4.9, 6.3),
    S("CLEAN", "Returns your car cleaner than it came",
      "A clean car says we care about the parts you can see too.",
      ("Seat and floor covers used", "Exterior washed", "No grease marks inside"),
      "product", "tangibles", "want", 5.6, 5.2),
    S("FIXED-FIRST", "Fixed right the first time",
      "A second visit costs the customer a day and us their trust.",
      ("Diagnoses before replacing parts", "Road-tests after the repair",
       "No return visit for the same fault"),
      "product", "reliability", "need", 4.5, 6.6),
    S("COMFORT", "A clean, comfortable waiting area with Wi-Fi",
      "Waiting is part of the service.",
      ("Wi-Fi that works", "Fresh coffee", "Clean toilets"),
      "product", "tangibles", "want", 5.4, 4.9),
]
STANDARD_CODES = [s.code for s in STANDARDS]
TARGET = 6.0
# The revised behaviours of the improved standard (its version 2, from the action's start).
REVISED_BEHAVIOURS = (
    "Gives a time for the call back", "Calls when promised, even without news",
    "Leaves a named contact and a direct number",
)

# Leaders think they deliver; employees are in between (see staff.py for the formula).
LEADER_MEAN = 6.25
EMPLOYEE_LIFT = 0.85

# Branch x standard effects on top of the branch effect.
BRANCH_STANDARD = {
    ("EAST", "CALLBACK"): -0.4, ("NORTH", "ONTIME"): 0.4, ("CITY", "CAR-READY"): -0.6,
    ("EAST", "GREET"): 0.3, ("CITY", "NO-PRESSURE"): -0.3,
}
# Department that owns a touchpoint: its effect on pulses there.
DEPARTMENT_EFFECT = {"SALES": 0.0, "SERVICE": 0.0, "PARTS": -0.6, "FINANCE": -0.1, "DESK": 0.25}

# The demo action: the call-back promise improves CALLBACK slowly after it starts.
IMPROVED_STANDARD = "CALLBACK"
ACTION_START_DAYS_BEFORE_END = 150
IMPROVEMENT = 1.1
IMPROVEMENT_RAMP_DAYS = 100
# Busy months hurt process standards a little (UK plate changes in March and September).
BUSY_PENALTY = 0.25

# (code, name, description, [(touchpoint code, name, channel, owning department, standards)])
JOURNEYS = [
    ("BUY", "Buying a car", "From the first online enquiry to the first week with the new car.", [
        ("BUY-ENQUIRY", "Online enquiry", "web", "SALES", ("CALLBACK", "LISTEN")),
        ("BUY-VISIT", "Showroom visit", "in-person", "DESK", ("GREET", "COMFORT")),
        ("BUY-TESTDRIVE", "Test drive", "in-person", "SALES", ("LISTEN", "EXPLAIN")),
        ("BUY-FINANCE", "Finance and part-exchange", "in-person", "FINANCE",
         ("NO-PRESSURE", "EXPLAIN", "NO-SURPRISE")),
        ("BUY-ORDER", "Order and paperwork", "email", "SALES", ("CALLBACK", "NO-SURPRISE")),
        ("BUY-HANDOVER", "Handover", "in-person", "SALES", ("CAR-READY", "EXPLAIN", "ONTIME")),
        ("BUY-FOLLOWUP", "First-week follow-up call", "phone", "SALES", ("CALLBACK", "LISTEN")),
    ]),
    ("SVC", "Servicing a car", "From booking a service to the days after collecting the car.", [
        ("SVC-BOOK", "Booking the service", "phone", "DESK", ("BOOKING", "GREET")),
        ("SVC-DROPOFF", "Drop-off and check-in", "in-person", "DESK",
         ("GREET", "LISTEN", "COMFORT")),
        ("SVC-DIAGNOSIS", "Diagnosis and quote", "phone", "SERVICE",
         ("EXPLAIN", "NO-SURPRISE", "CALLBACK")),
        ("SVC-PARTS", "Parts for the job", "other", "PARTS", ("ONTIME", "FIXED-FIRST")),
        ("SVC-WORK", "The work itself", "in-person", "SERVICE", ("FIXED-FIRST", "CLEAN")),
        ("SVC-UPDATE", "Progress update", "phone", "SERVICE", ("CALLBACK", "ONTIME")),
        ("SVC-COLLECT", "Collection and invoice", "in-person", "DESK",
         ("EXPLAIN", "NO-SURPRISE", "CLEAN")),
        ("SVC-AFTER", "After the visit", "email", "SERVICE", ("FIXED-FIRST", "CALLBACK")),
    ]),
]
JOURNEY_SHARE = {"BUY": 0.35, "SVC": 0.65}  # of customer perception responses
# Perception responses are about the unit of the journey's main department.
JOURNEY_DEPARTMENT = {"BUY": "SALES", "SVC": "SERVICE"}

# Internal customer/supplier chain: (supplier dept, customer dept, what flows, true mean).
INTERNAL_LINKS = [
    ("PARTS", "SERVICE", "Parts for booked jobs, ready when the technician needs them", 3.1),
    ("FINANCE", "SALES", "Finance proposals and approvals for deals", 4.9),
    ("DESK", "SERVICE", "Check-in notes and customer contact details", 5.3),
    ("DESK", "SALES", "Showroom welcome and appointment handover", 5.5),
    ("SERVICE", "SALES", "Pre-delivery inspection of sold cars", 4.8),
    ("SALES", "FINANCE", "Complete deal paperwork for the finance proposal", 4.6),
]
INTERNAL_ITEMS = [
    ("INT-ONTIME", "Delivers what we need when we need it"),
    ("INT-RIGHT", "Gets it right the first time"),
    ("INT-INFORMS", "Tells us early when something changes"),
]

# Share of responses per survey template, and how often optional answers are given.
MIX = {
    "perception": 0.20, "pulse": 0.62, "employee": 0.08, "leader": 0.035,
    "internal": 0.055, "exit": 0.01,
}
P_IMPORTANCE = 0.35  # perception responses that split 100 points over people/process/product
P_TEXT = {"perception": 0.22, "employee": 0.15, "leader": 0.08, "internal": 0.2, "exit": 0.5}
P_PULSE_TEXT = {"magic": 0.35, "mediocrity": 0.12, "misery": 0.45}
DEFAULT_RESPONSES = 20_000
LARGE_ANSWERS = 1_020_000

# Month weights (January = index 0) for when customers answer.
SALES_SEASON = (0.8, 0.9, 1.6, 1.0, 1.0, 0.9, 0.9, 0.8, 1.6, 1.0, 0.9, 0.7)
SERVICE_SEASON = (1.15, 1.1, 1.0, 1.0, 1.0, 0.95, 0.9, 0.85, 1.0, 1.05, 1.15, 1.1)
BUSY_MONTHS = {"BUY": (2, 8), "SVC": (0, 10, 11)}
# Employee, leader and internal surveys run in waves: first day (of the 365) and length.
WAVES = ((20, 21), (111, 21), (202, 21), (293, 21))

CUSTOMERS = 2000
P_FLEET = 0.12
AGE_BANDS = (("18-29", 0.12), ("30-44", 0.3), ("45-59", 0.33), ("60+", 0.25))
EXIT_REASONS = (
    ("no-callback", 0.32), ("waiting-time", 0.2), ("price", 0.2), ("moved", 0.1),
    ("another-brand", 0.18),
)
# fmt: on
