# Everything is installed from the lock file into .venv; nothing needs to be on the machine but
# python3 (3.11 or 3.12) and make (and, for the tests, Debian's chromium, installed below).
UV_VERSION := 0.13.8
UV := .tools/bin/uv
export UV_PYTHON_DOWNLOADS := never
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

.venv/.synced: $(UV) uv.lock pyproject.toml
	$(UV) sync --frozen
	touch $@
