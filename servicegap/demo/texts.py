"""Names and free-text templates of the demo (British English, invented people).

Placeholders: ``{name}`` an employee's first name, ``{dept}`` their department, ``{town}`` the
branch town.
"""

from __future__ import annotations

# fmt: off
# (Tables laid out by hand; the formatter would put every item on its own line.)

FIRST_NAMES = (
    "Priya", "Tom", "Aisha", "James", "Sophie", "Daniel", "Hannah", "Mohammed", "Emma", "Liam",
    "Chloe", "Oliver", "Grace", "Ethan", "Zara", "Jack", "Amelia", "Ryan", "Lucy", "Connor",
    "Fatima", "George", "Megan", "Harry", "Isla", "Samuel", "Ellie", "Adam", "Niamh", "Lewis",
    "Ruby", "Kieran", "Holly", "Ben", "Anya", "Callum", "Jade", "Marcus", "Leah", "Owen", "Sana",
    "Joe", "Freya", "Arjun", "Katie", "Reece", "Imogen", "Nathan", "Layla", "Dominic", "Rosie",
    "Tariq", "Abigail", "Scott", "Maya", "Kyle", "Erin", "Yusuf", "Beth", "Stefan",
)

SURNAMES = (
    "Patel", "Smith", "Khan", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
    "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall",
    "Wood", "Jackson", "Clarke", "Hussain", "Lewis", "Harrison", "Scott", "Young", "Morris",
    "Hughes", "Ward", "Turner", "Ali", "Cooper", "Hill", "Moore", "Kaur", "Begum", "Shaw", "Murphy",
    "Kelly", "Baker", "Martin", "Mitchell", "Carter", "Phillips", "Nowak",
)

# Comments about one standard: (when it went badly, when it went well).
STANDARD_COMMENTS = {
    "GREET": (
        (
            "Stood at the desk for ages before anyone looked up.",
            "Nobody said hello, everyone was on the phone.",
        ),
        (
            "Greeted by name the moment I walked in, lovely touch.",
            "{name} on the {dept} remembered me from last time.",
        ),
    ),
    "LISTEN": (
        (
            "I said I do short trips and was still pushed a diesel.",
            "Felt like they had a script and I was not part of it.",
        ),
        (
            "{name} asked how I actually use the car before suggesting anything.",
            "Really listened to what we needed as a family.",
        ),
    ),
    "EXPLAIN": (
        (
            "Nobody could tell me what the labour charge was for.",
            "Too much jargon, I still don't know what was replaced.",
        ),
        (
            "{name} in {dept} explained everything, even showed me the old brake pads.",
            "Went through the invoice line by line, no jargon.",
        ),
    ),
    "NO-PRESSURE": (
        (
            "Felt pushed into the finance deal on the spot.",
            "Only one finance option was ever shown to us.",
        ),
        (
            "{name} laid out three options on one page and let us think it over.",
            "No pressure at all, we took the quote home.",
        ),
    ),
    "CALLBACK": (
        (
            "Nobody called me back about my car for three days.",
            "Promised a call back the same afternoon, still waiting.",
            "I had to chase them twice to find out if my car was ready.",
        ),
        (
            "Called back within the hour as promised.",
            "{name} rang me even though there was no news yet, appreciated that.",
        ),
    ),
    "ONTIME": (
        (
            "Car was not ready at five as promised and nobody warned me.",
            "Took a day off work and the car still was not done.",
        ),
        ("Ready exactly when they said.", "They said 3pm and it was ready at 2.45."),
    ),
    "BOOKING": (
        ("Phone rang out twice before I could book.", "Online booking kept failing."),
        (
            "Booked in two minutes on the phone, text confirmation straight away.",
            "Easy to book, slot the same week.",
        ),
    ),
    "NO-SURPRISE": (
        (
            "The bill was £180 more than the quote and nobody asked me.",
            "Extra work done without a phone call.",
        ),
        (
            "They called before doing the extra work, bill matched the quote.",
            "No surprises on the invoice at all.",
        ),
    ),
    "CAR-READY": (
        (
            "The new car had no fuel and the mats I ordered were missing.",
            "Handover was rushed and the paperwork was not ready.",
        ),
        (
            "Car was spotless and full of fuel at handover.",
            "{name} had everything ready, handover was a real occasion.",
        ),
    ),
    "CLEAN": (
        ("Greasy handprints on the steering wheel.", "Car came back dirtier than I left it."),
        ("Car came back cleaner than I dropped it off.", "They even washed it, nice surprise."),
    ),
    "FIXED-FIRST": (
        (
            "Had to bring it back a second time for the same fault.",
            "The warning light came back on the next day.",
        ),
        ("Fixed first time, no problems since.", "Found the fault quickly and sorted it."),
    ),
    "COMFORT": (
        ("Wi-Fi in the waiting area did not work.", "Coffee machine broken again."),
        (
            "Comfortable waiting area, good coffee and Wi-Fi.",
            "Could work from the lounge all morning.",
        ),
    ),
}

NEUTRAL_COMMENTS = (
    "It was fine, nothing special.",
    "OK overall, a bit slow.",
    "Did the job.",
    "Average experience, about what I expected.",
)

EMPLOYEE_COMMENTS = (
    "We promise call-backs but the workshop phone is never free.",
    "Parts are often not there when the job starts, so we miss the promised time.",
    "We need a shared list of who is waiting for a call.",
    "Customers love it when we show them the old part, we should always do it.",
    "The booking system is easy, but the diary is overbooked in March and September.",
    "Handover checklists would stop us forgetting the extras.",
    "Management thinks we call everyone back, we don't have the time to.",
)

LEADER_COMMENTS = (
    "Our people are known for their service.",
    "Customers tell us we are the best dealer in the area.",
    "We are consistently good, the odd complaint aside.",
)

INTERNAL_COMMENTS = {
    ("PARTS", "SERVICE"): (
        "Parts for booked jobs are rarely picked before the car arrives.",
        "We find out a part is missing when the car is already on the ramp.",
        "Nobody tells us when a back order slips.",
    ),
    "default": (
        "Usually good, sometimes late on a Friday.",
        "Helpful people, the hand-over could be tidier.",
        "They do what they say.",
    ),
}

EXIT_COMMENTS = (
    "Nobody called me back, so I went elsewhere.",
    "The main dealer down the road was quicker.",
    "Moved away from the area.",
    "Got a better price on the same car.",
    "Waited too long for the car to be ready, twice.",
)

COMPLIMENTS = (
    "{name} in {dept} explained everything and made it easy.",
    "Huge thanks to {name} in {dept}, went above and beyond.",
    "{name} on the {dept} team called me back the same day, brilliant service.",
    "Please pass my thanks to {name} in {dept}, really patient with all my questions.",
    "{name} at {town} made buying the car a pleasure.",
    "Shout out to {name} in {dept}, sorted my problem in minutes.",
)

COMPLAINTS = {
    "CALLBACK": (
        "Nobody called me back about my car for three days.",
        "Left four messages, still no call back. Very disappointed.",
    ),
    "ONTIME": (
        "Car not ready when promised, no warning, missed a meeting.",
        "Second time the car has not been ready on time.",
    ),
    "NO-SURPRISE": (
        "Charged for work I never agreed to.",
        "Bill much higher than the quote.",
    ),
    "FIXED-FIRST": (
        "Same fault back within a week of the repair.",
    ),
    "CAR-READY": (
        "New car handed over with a scratch and no fuel.",
    ),
    "NO-PRESSURE": (
        "Felt bullied into the finance package.",
    ),
    "GREET": (
        "Waited ten minutes at reception without anyone acknowledging me.",
    ),
}

SUGGESTIONS = (
    "Text me when the car is ready instead of making me call.",
    "Open on Saturday afternoons for collections.",
    "A courtesy car booking online would help.",
    "Show the price of common jobs on the website.",
)

IDEAS = (
    "Pick parts the day before every booked job.",
    "A call-back board in the workshop so nobody is forgotten.",
    "Photo of the prepared car sent to the customer before handover.",
    "Swap desks between Parts and Service for a day to see each other's side.",
)

CASE_RESOLUTIONS = (
    "Called the customer, apologised and refunded the extra charge.",
    "Service manager rang back, offered a free valet on the next visit.",
    "Explained the delay, customer accepted the apology.",
    "Could not reach the customer after three attempts.",
)

# fmt: on
