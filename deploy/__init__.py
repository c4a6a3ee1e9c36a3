"""The scheduled deployment of the pipeline and the Prefect server it runs against."""

import os

# Set before any module here imports Prefect: neither we nor the flow runs we start call home.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
