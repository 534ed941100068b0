# One-command entry points. See README.md.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=
SYSTEM_PACKAGES_TEST := redis-server:redis-server chromium:/usr/bin/chromium poppler-utils:pdftotext fonts-dejavu-core:/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
SYSTEM_PACKAGES_DEMO := redis-server:redis-server fonts-dejavu-core:/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf

.PHONY: install test demo lint format bench messages clean

$(VENV)/.installed: pyproject.toml constraints.txt
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -c constraints.txt -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

test: install
	@scripts/system-deps.sh $(SYSTEM_PACKAGES_TEST)
	scripts/with-services.sh $(PY) -m pytest $(PYTEST_ARGS)

demo: install
	@scripts/system-deps.sh $(SYSTEM_PACKAGES_DEMO)
	scripts/demo.sh

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install
	scripts/with-services.sh $(PY) bench/run.py

messages: install
	DJANGO_SETTINGS_MODULE=config.settings.demo $(PY) manage.py makemessages -l nl --no-obsolete --no-location --ignore=.venv --ignore=var --ignore=tests
	DJANGO_SETTINGS_MODULE=config.settings.demo $(PY) manage.py compilemessages -l nl --ignore=.venv --ignore=var

clean:
	rm -rf $(VENV) var
