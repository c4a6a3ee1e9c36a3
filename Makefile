# Everything is installed from the lock file into .venv; nothing needs to be on the machine but
# python3 (3.11 or 3.12) and make (and, for the tests, Debian's chromium, installed below).
UV_VERSION := 0.13.8
UV := .tools/bin/uv
export UV_PYTHON_DOWNLOADS := never
# Installed with their bytecode: Python then never compiles Prefect, pydantic, DuckDB… when a
# command starts (with PYTHONDONTWRITEBYTECODE set, as on the dev machines, it would on every
# start: `import prefect` 5.6 s CPU instead of 2.6 s, `import duckdb` 0.45 s instead of 0.23 s).
export UV_COMPILE_BYTECODE := 1
# No telemetry from the local Prefect server: this machine has no business calling home.
export PREFECT_SERVER_ANALYTICS_ENABLED := false

.PHONY: run test bench setup

# The timeline page's browser test drives Debian's Chromium (Playwright never downloads one);
# the tests run as root (CI, the dev machines), so `make test` installs it with apt when missing.
CHROMIUM := /usr/bin/chromium

run: .venv/.synced
	.venv/bin/newsline run

test: .venv/.synced $(CHROMIUM)
	.venv/bin/python -m pytest

setup: .venv/.synced

$(CHROMIUM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

$(UV):
	python3 -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

.venv/.synced: $(UV) uv.lock pyproject.toml Makefile
	$(UV) sync --frozen
	touch $@
