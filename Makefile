# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
# Extra pip requirement for the test environment, e.g. DJANGO="django>=6.1,<6.2".
DJANGO ?=
PYTEST_ARGS ?=

VENV_DIR := $(abspath $(VENV))
BIN := $(VENV_DIR)/bin
MANAGE := cd example_project && $(BIN)/python manage.py
DEMO_USER := demo
DEMO_PASSWORD := demo-password

.PHONY: demo test lint bench install install-test install-lint vnu messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV_DIR)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV_DIR)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV_DIR)/.installed-test: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e ".[test]" $(if $(DJANGO),"$(DJANGO)")
	touch $@

$(VENV_DIR)/.installed-lint: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e ".[test,lint]" $(if $(DJANGO),"$(DJANGO)")
	touch $@

install: $(VENV_DIR)/.installed

install-test: $(VENV_DIR)/.installed-test

install-lint: $(VENV_DIR)/.installed-lint

# The Nu HTML checker, for the valid-HTML tests (needs java and npm).
node_modules/vnu-jar/build/dist/vnu.jar: package.json
	npm install --no-audit --no-fund --silent
	touch $@

vnu: node_modules/vnu-jar/build/dist/vnu.jar

# --demo-review signs the published starter content "Example reviewer, for demonstration", so its pages show
# review dates and can be edited and saved in the admin. Never on a real site: nobody has reviewed it.
demo: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_ankle_starter_content --publish --demo-review
	$(MANAGE) create_demo_staff --username $(DEMO_USER) --password $(DEMO_PASSWORD)
	@echo ""
	@echo "  Clinic site:        http://127.0.0.1:$(PORT)/"
	@echo "  Patient education:  http://127.0.0.1:$(PORT)/patient-education/ankle/"
	@echo "  Admin:              http://127.0.0.1:$(PORT)/admin/  (login: $(DEMO_USER) / $(DEMO_PASSWORD))"
	@echo ""
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: install-test $(if $(shell command -v npm),vnu)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# ruff, then mypy --strict with django-stubs; both configured in pyproject.toml (needs Python 3.11+, as
# django-stubs 6 does). "python -m mypy" puts the repo first on sys.path: the django-stubs plugin
# imports tests.settings, and textstat installs a "tests" package into site-packages.
LINT_PATHS ?= ankle_education tests example_project bench
lint: install-lint
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/python -m mypy

# Translation catalogues: refresh them from the code, then compile (needs gettext). A test fails
# when they are out of date, so run this after changing a translatable string.
MAKEMESSAGES_ARGS := -l en -l en_GB --no-location --no-obsolete
messages: install-test
	cd ankle_education && PYTHONPATH=..:../example_project DJANGO_SETTINGS_MODULE=tests.settings \
		$(BIN)/python -m django makemessages $(MAKEMESSAGES_ARGS)
	cd ankle_education && PYTHONPATH=..:../example_project DJANGO_SETTINGS_MODULE=tests.settings \
		$(BIN)/python -m django compilemessages

# Side-by-side benchmark against django.contrib.flatpages, and through Varnish (installs wrk and Varnish).
BENCH_ARGS ?=
bench: install-test
	command -v wrk >/dev/null && command -v varnishd >/dev/null || (apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk varnish varnish-modules)
	$(BIN)/python -m bench.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV_DIR) node_modules build dist *.egg-info example_project/db.sqlite3
