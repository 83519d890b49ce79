# Coproduce: `make run` to try it, `make test` to check it.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test e2e bench lint format migrate seed clean translations

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

var:
	mkdir -p var

# The Welsh translations, compiled with Babel (pure Python: no GNU gettext needed).
translations: $(STAMP)
	$(BIN)/python -m coproduce.translations

run: $(STAMP) translations | var
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py seed_demo
	@echo "Coproduce is at http://127.0.0.1:8000/ — log in with the account printed above."
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

# Tests run with production settings, less the HTTPS redirect (loopback has no TLS).
TEST_ENV := SECRET_KEY=$${SECRET_KEY:-insecure-test-only-key} SECURE_SSL_REDIRECT=0

test: $(STAMP) translations | var
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	$(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS)

e2e: $(STAMP) translations | var
	$(TEST_ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	$(TEST_ENV) $(BIN)/pytest tests/e2e $(PYTEST_ARGS)

bench: $(STAMP) | var
	SECRET_KEY=$${SECRET_KEY:-insecure-bench-only-key} $(BIN)/python -m tests.bench.run

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

clean:
	rm -rf $(VENV) var staticfiles
