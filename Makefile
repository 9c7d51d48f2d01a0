# make run  : set up .venv from requirements.lock, then materialize every asset into data/published/latest/
# make test : same setup, then the test suite
# make ui   : same setup, then the Dagster UI on http://127.0.0.1:3000
#
# Setup is idempotent: the venv is synced again only when requirements.lock or pyproject.toml change.
# make lock : re-pin requirements.lock after changing dependencies in pyproject.toml

VENV        := .venv
PYTHON      := $(VENV)/bin/python
UV          := $(VENV)/bin/uv
SYNCED      := $(VENV)/.synced
DAGSTER_HOME := $(CURDIR)/.dagster_home

export DAGSTER_HOME

.PHONY: run test ui bench bench-full setup lock

run: setup
	$(PYTHON) -m assets.run

test: setup
	$(PYTHON) -m pytest -q

ui: setup
	$(VENV)/bin/dagster dev -w workspace.yaml -h 127.0.0.1 -p 3000

setup: $(SYNCED) $(DAGSTER_HOME)/dagster.yaml

$(UV):
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet uv

$(SYNCED): requirements.lock pyproject.toml | $(UV)
	$(UV) pip install --python $(PYTHON) --quiet -r requirements.lock
	$(UV) pip install --python $(PYTHON) --quiet --no-deps -e .
	touch $@

# make bench      : the benchmark at a small N (quick; writes bench/RESULTS-quick.md, not committed)
# make bench-full : N = 100, 1,000 and 3,400 plans; writes bench/RESULTS.md
bench: setup
	$(PYTHON) -m bench.run --n 100 --out bench/RESULTS-quick.md

bench-full: setup
	$(PYTHON) -m bench.run --n 100 --n 1000 --n 3400 --out bench/RESULTS.md

lock: | $(UV)
	$(UV) pip compile pyproject.toml --group dev --python-version 3.11 -o requirements.lock

$(DAGSTER_HOME)/dagster.yaml:
	mkdir -p $(DAGSTER_HOME)
	printf 'telemetry:\n  enabled: false\n' > $@
