# The only entry points. `make run` and `make test` need Python 3.11 and Node 20 (npm).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
BIN := .venv/bin
PORT ?= 8000
MO := walkout/locale/es/LC_MESSAGES/django.mo
# Map boundaries come from npm (docs/decisions/0007-map-data-from-npm.md), never committed.
NODE := node_modules/.installed
export DJANGO_SETTINGS_MODULE := walkout.settings

.PHONY: run test bench messages lint screenshots
run: $(BIN)/.installed $(MO) $(NODE)
	$(BIN)/python -m walkout migrate --noinput -v 0
	WALKOUT_COLLECTED_STATIC=true $(BIN)/python -m walkout collectstatic --noinput -v 0
	PORT=$(PORT) $(BIN)/python -m walkout demo_data --if-empty
	@echo "Walkout is at http://127.0.0.1:$(PORT)/"
	WALKOUT_COLLECTED_STATIC=true $(BIN)/granian --interface wsgi --workers 2 \
	  --blocking-threads 1 --no-access-log --host 127.0.0.1 --port $(PORT) walkout.wsgi:application

test: $(BIN)/.installed $(MO) $(NODE)
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

bench: $(BIN)/.installed $(MO) $(NODE)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/rsvp.py

screenshots: $(BIN)/.installed $(MO) $(NODE)
	$(BIN)/pytest tests/browser/test_crawl.py tests/browser/test_screenshots.py \
	  tests/browser/test_crew_screenshots.py "tests/browser/test_hub_console.py::test_console_tour" \
	  -p no:xdist --screenshots=screenshots

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -ll -q -r walkout

# A new language: `make messages LOCALE="-l ht"` (docs/translations.md).
messages: $(BIN)/.installed
	$(BIN)/python -m walkout makemessages $(or $(LOCALE),-a) --no-location --no-obsolete \
	  -i ".venv/*" -i "tests/*" -i "node_modules/*"

$(MO): walkout/locale/*/LC_MESSAGES/django.po $(BIN)/.installed
	$(BIN)/pybabel compile -d walkout/locale -D django

$(NODE): package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

$(BIN)/.installed: pyproject.toml
	test -d .venv || $(PYTHON) -m venv .venv
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@
