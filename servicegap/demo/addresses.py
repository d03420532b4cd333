"""The demo's e-mail addresses, all on names reserved for testing (RFC 2606 and RFC 6761), so
an invitation tried in the demo can never reach a real mailbox even if a mail server were set.

Staff have one address at the group's own test domain; most customers gave one of three
reserved example providers, some gave none (``NO_ADDRESS``: the audience page counts them).
Deterministic from the person's place in the population, so the same seed gives the same
addresses and the other random draws do not move.
"""

from __future__ import annotations

import re
import unicodedata

STAFF_DOMAIN = "northway-motors.test"
CUSTOMER_DOMAINS = ("example.com", "example.net", "example.org")
NO_ADDRESS = 9  # one customer in NO_ADDRESS gave no address


def _local(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return ".".join(re.sub(r"[^a-z]", "", part) for part in plain.lower().split())


def customer(index: int, name: str) -> str:
    """'' for one customer in ``NO_ADDRESS``; the number keeps namesakes apart."""
    if index % NO_ADDRESS == NO_ADDRESS - 1:
        return ""
    domain = CUSTOMER_DOMAINS[index % len(CUSTOMER_DOMAINS)]
    return f"{_local(name)}{index + 1}@{domain}"


def staff(code: str, name: str) -> str:
    """First.last at the group; the code keeps two people of the same name apart."""
    return f"{_local(name)}.{code.lower()}@{STAFF_DOMAIN}"
