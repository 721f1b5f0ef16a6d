# jiangxin — two commands: `make run` (demo on 127.0.0.1:8000) and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell for p in python3.13 python3.12 $(wildcard $(HOME)/.pyenv/versions/3.1[23]*/bin/python) /usr/bin/python3; do command -v $$p >/dev/null 2>&1 && $$p -c "import sys; sys.exit(sys.version_info < (3, 12))" 2>/dev/null && { command -v $$p; break; }; done)
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_LINK_MODE := copy
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-pg test-replica test-browser lint format check-deploy install assets migrate seed bench messages clean

$(UV):
	@test -n "$(PYTHON)" || { echo "jiangxin needs Python >= 3.12 (python3.12 or python3.13 on PATH)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet uv==0.13.8

install: $(UV)
	mkdir -p var
	$(UV) sync --frozen --python $(PY) --quiet
	$(MAKE) --no-print-directory assets
	$(MAKE) --no-print-directory messages

assets: build/static/vendor/htmx.min.js

build/static/vendor/htmx.min.js: package.json package-lock.json scripts/build-assets.mjs
	npm ci --no-audit --no-fund --loglevel=error
	node scripts/build-assets.mjs

messages:
	cd jiangxin && ../$(PY) ../manage.py compilemessages --verbosity 0

migrate: install
	mkdir -p var
	$(PY) manage.py migrate --no-input --verbosity 0

seed: migrate
	$(PY) manage.py seed --preset demo

run: seed
	$(PY) manage.py collectstatic --no-input --verbosity 0
	@echo "jiangxin serves http://$(HOST):$(PORT)/ (Ctrl-C stops the server and the worker)"
	@trap 'kill 0' EXIT INT TERM; \
	  $(PY) manage.py jx_worker & \
	  $(PY) manage.py runserver $(HOST):$(PORT) --noreload

test: install
	env -u DATABASE_URL $(PY) -m pytest -q -n 2 --dist loadgroup

test-pg: install
	@test -n "$$DATABASE_URL" || { echo "set DATABASE_URL=postgres://..."; exit 1; }
	$(PY) -m pytest -q -n 2 --dist loadgroup

# The read paths against a real streaming replica (see .ci/run: scripts/pg-throwaway.sh,
# then scripts/pg-replica.sh, print the two URLs).
test-replica: install
	@test -n "$$DATABASE_URL" -a -n "$$JX_REPLICA_URL" || { echo "set DATABASE_URL and JX_REPLICA_URL=postgres://... (scripts/pg-replica.sh)"; exit 1; }
	$(PY) -m pytest -q -p no:xdist -m replica jiangxin/core/tests/test_replica_pg.py

test-browser: install
	$(PY) -m pytest -q -m browser

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check-deploy: install
	DJANGO_SETTINGS_MODULE=jiangxin.settings.production \
	JX_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))') \
	JX_PII_KEY=$$($(PY) -c "import secrets; print(secrets.token_urlsafe(48))") \
	$(PY) manage.py check --deploy --fail-level WARNING

bench: install
	$(PY) -m bench

clean:
	rm -rf $(VENV) node_modules build var
