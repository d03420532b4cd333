"""The loyalty groups' thresholds, read from the environment (docs/configuration.md)."""

from __future__ import annotations

from servicegap import conf
from servicegap.loyalty.groups import Thresholds

LOST = "SERVICEGAP_LOYALTY_LOST_BELOW"
FADING = "SERVICEGAP_LOYALTY_AT_RISK_BELOW"


def _probability(name: str) -> float:
    raw = conf.env_str(name)
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 < value <= 1:
        raise conf.ConfigError(f"{name} must be a probability above 0 and at most 1, not {raw!r}.")
    return value


def thresholds() -> Thresholds:
    """p_alive below LOST: lost; below FADING: at risk (defaults 0.15 and 0.5)."""
    lost, fading = _probability(LOST), _probability(FADING)
    if not lost < fading:
        raise conf.ConfigError(f"{LOST} ({lost}) must be below {FADING} ({fading}).")
    return Thresholds(lost=lost, fading=fading)
