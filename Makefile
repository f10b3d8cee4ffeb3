# Самоуправление Тольятти — developer and CI entry points (GNU make).
#   make run    set up .venv, migrate, load demo data, serve http://127.0.0.1:8000
#   make test   set up .venv, run the whole pytest suite (DATABASE_URL/REDIS_URL honoured)
SHELL := /bin/bash
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE = DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(BIN)/python manage.py
DEV_SETTINGS := tolyatti_portal.settings.dev
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_ADMIN := admin@demo.tolyatti.local
PO_FILES := $(wildcard locale/*/LC_MESSAGES/*.po)

.PHONY: help install migrate messages run test lint check-deploy compose-check smoke clean

help:
	@echo "make run            set up, load demo data and serve on http://$(HOST):$(PORT)"
	@echo "make test           run the test suite (SQLite unless DATABASE_URL is set)"
	@echo "make install        create .venv and install requirements-dev.txt"
	@echo "make migrate        apply migrations (dev settings)"
	@echo "make lint           ruff check ."
	@echo "make check-deploy   manage.py check --deploy with production settings"
	@echo "make compose-check  validate docker-compose.yml against the Compose spec"
	@echo "make smoke          gunicorn + celery worker against PostgreSQL and Redis"
	@echo "make clean          remove .venv, caches and collected static files"

# The stamp is newer than both requirement files once they are installed, so a
# second `make install` costs nothing until a requirement changes.
install: $(STAMP)
$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "Python 3.11 or newer is needed as '$(PYTHON)' (make PYTHON=python3.12 ...)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

migrate: install
	$(MANAGE) migrate --noinput

# Compiles translations when gettext is there; otherwise the committed .mo files serve.
messages: install
ifneq ($(PO_FILES),)
	@if command -v msgfmt >/dev/null 2>&1; then \
		$(MANAGE) compilemessages --ignore=$(VENV) --ignore=node_modules; \
	else echo "msgfmt not found (apt-get install gettext): using the committed .mo files"; fi
endif

# load_demo creates (or brings back) the demo administrator with the other demo logins.
run: migrate messages
	$(MANAGE) load_demo
	@echo
	@echo "  Портал: http://$(HOST):$(PORT)/   админка: http://$(HOST):$(PORT)/admin/"
	@echo "  Демо-администратор: $(DEMO_ADMIN) / $${DEMO_PASSWORD:-tolyatti-demo-2026}"
	@echo "  Второй фактор сотрудников (TOTP): секрет TOLYATTIDEMOSTAFFSECRETKEYFORMFA, код: $(MANAGE) totp_code TOLYATTIDEMOSTAFFSECRETKEYFORMFA"
	@echo "  Письма (подтверждение e-mail и т. п.): var/mail/"
	@echo
	HOST=$(HOST) PORT=$(PORT) $(MANAGE) runserver $(HOST):$(PORT)

# pytest-django takes its settings from pyproject.toml; an exported
# DJANGO_SETTINGS_MODULE (say, dev) would win over it, so it is pinned here.
test: install
	DJANGO_SETTINGS_MODULE=tolyatti_portal.settings.test $(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .

# Dummy but valid production environment: the check must pass with the real
# production settings, with no warning left.
check-deploy: install
	DJANGO_SETTINGS_MODULE=tolyatti_portal.settings.production \
	DJANGO_SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	DJANGO_ALLOWED_HOSTS=portal.example.org \
	DATABASE_URL=postgres://portal:portal@127.0.0.1:5432/portal \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

compose-check: install
	$(BIN)/check-jsonschema --builtin-schema vendor.compose-spec docker-compose.yml

smoke: install
	bash .ci/smoke.sh

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
