# Wegwijs: the two commands a newcomer needs are `make run` and `make test` (see README.md).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_DATABASE_URL ?= sqlite:///$(CURDIR)/db.sqlite3
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/wegwijs
PYTEST_ARGS ?=
# Two pytest-xdist workers: the suite's wall time on the 2-core machine goes from about 29 to
# about 11 minutes (README, "How long the tests take"). PYTEST_WORKERS=0 runs in one process.
# With --dist worksteal a worker that runs out of tests takes half of the other's queue, so
# long tests late in the order do not leave one worker idle at the end.
PYTEST_WORKERS ?= 2
PYTEST_DIST ?= worksteal

.PHONY: run test test-all install install-test lock postgres check lint clean bench messages translations

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Installs exactly the versions (and hashes) of the lock files in requirements/; `make lock`
# writes them anew from the ranges in pyproject.toml (see README, "Dependencies").
install: $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/main.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .

install-test: $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/test.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .

lock: $(BIN)/python
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links \
		--output-file requirements/main.txt pyproject.toml
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links \
		--extra test --output-file requirements/test.txt pyproject.toml

# The interface translations: locale/*/LC_MESSAGES/django.po compiled to .mo (Debian: gettext).
# `make run` falls back to the committed .mo files when msgfmt is missing; `make test` needs it.
translations: install
	@if command -v msgfmt >/dev/null; then \
		$(BIN)/python manage.py compilemessages --ignore=.venv --verbosity 0; \
	else \
		echo "msgfmt not found (apt-get install gettext): using the committed .mo files."; \
	fi

# Extract new interface strings into locale/ after changing templates or Python code.
messages: install
	$(BIN)/python manage.py makemessages -l nl -l fr -l en -l ar -l tr

run: export DATABASE_URL = $(RUN_DATABASE_URL)
run: install translations
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py create_editor_group
	@echo
	@echo "Wegwijs runs at http://127.0.0.1:8000 (demo data, SQLite: db.sqlite3)."
	@echo "To log in to the admin at http://127.0.0.1:8000/beheer/, first create a user:"
	@echo "    $(BIN)/python manage.py createsuperuser"
	@echo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

postgres:
	DATABASE_URL=$(TEST_DATABASE_URL) scripts/ensure-postgres

# makemigrations compares models and migrations only: on SQLite in memory it asks no server
# (on a new machine the database in DATABASE_URL does not exist: pytest makes test_<name>).
test: export DATABASE_URL = $(TEST_DATABASE_URL)
test: install-test postgres
	$(BIN)/python manage.py compilemessages --ignore=.venv --verbosity 0
	DATABASE_URL=sqlite://:memory: $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist $(PYTEST_DIST) $(PYTEST_ARGS)

# Everything `make test` runs, plus the long runs marked `slow` (the 10,000-request fuzz).
test-all: export DATABASE_URL = $(TEST_DATABASE_URL)
test-all: install-test postgres
	$(BIN)/python manage.py compilemessages --ignore=.venv --verbosity 0
	DATABASE_URL=sqlite://:memory: $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist $(PYTEST_DIST) -m "" $(PYTEST_ARGS)

check: install
	DEBUG=false SECRET_KEY=check-only-$$(date +%s)-not-a-real-secret-key-0123456789abcdef \
		ALLOWED_HOSTS=wegwijs.example $(BIN)/python manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles db.sqlite3

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

bench: install
	bench/run
