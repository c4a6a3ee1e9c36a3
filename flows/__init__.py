"""Prefect wiring of the pipeline's stages."""

import os

# Set before any flow module imports Prefect: a local Prefect server never calls home.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
