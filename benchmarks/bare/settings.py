"""Settings for the ingest benchmark's baseline: ServiceGap's settings plus one bare view."""

from servicegap.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.bare.urls"
