# The one entry point. `make run` sets everything up and serves; `make test` checks everything.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PROD_ENV := DEBUG=false SECRET_KEY=check-deploy-only-$(shell printf '%050d' 0) \
	ALLOWED_HOSTS=directory.example.org

.PHONY: run dev test lint format hooks fuzz faults load scaleout-demo observatory bench profile setup clean-db

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

setup: $(VENV)/.installed
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_places
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0

# make run serves the production profile on this machine: DEBUG off, a generated secret key kept
# in .secret_key (git-ignored), hashed and compressed static files, our own error pages. Only
# plain HTTP and the console mail backend (sign-in emails print in this terminal) are local.
run load scaleout-demo observatory: export DEBUG = false
run load scaleout-demo observatory: export SECRET_KEY_FILE = .secret_key
run load scaleout-demo observatory: export ALLOWED_HOSTS = 127.0.0.1,localhost
run load scaleout-demo observatory: export PLAIN_HTTP_ON_LOOPBACK = true
run load scaleout-demo observatory: export LOAD_DEMO_CONTENT = true
run load scaleout-demo observatory: export EMAIL_BACKEND ?= django.core.mail.backends.console.EmailBackend
run: .secret_key setup
	PORT=$(PORT) $(BIN)/gunicorn -c peersupport/gunicorn_conf.py peersupport.wsgi

.secret_key: | $(BIN)/python
	umask 077 && $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(64))" > $@

dev: setup
	$(BIN)/python manage.py runserver $(PORT)

lint: $(VENV)/.installed-test
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/djlint templates --check --quiet

format: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	$(BIN)/djlint templates --reformat --quiet

# The checks of `make lint` before every commit (.pre-commit-config.yaml).
hooks: $(VENV)/.installed-test
	$(BIN)/pip install --quiet -e ".[test,dev]"
	$(BIN)/pre-commit install

test: $(VENV)/.installed-test lint
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(PROD_ENV) $(BIN)/python manage.py check --deploy --fail-level WARNING
	$(BIN)/pytest -n 2 --dist loadgroup

# Many more hostile requests than make test sends (a few minutes); FUZZ_EXAMPLES sets how many
# per URL pattern and kind, and each run draws new values.
fuzz: $(VENV)/.installed-test
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-100} FUZZ_RANDOM=1 $(BIN)/pytest tests/fuzz -n 2 -q

# A bounded load test of the production profile (tests/load.py): requests/s and p50/p95/p99 per
# kind of request, failing on any error. DATABASE_URL and CACHE_URL point it at real servers.
load: $(VENV)/.installed-test .secret_key setup
	$(BIN)/python -m tests.load

# With requests flowing, the database, Redis, a worker and the mail server go away in turn
# (tests/faults.py): calm 503 pages, recovery without a restart, every thanked-for report kept.
# FAULT_SECONDS sets how long each fault lasts; make test runs a short one.
faults: $(VENV)/.installed-test .secret_key setup
	$(BIN)/python -m tests.faults

# The production profile graded by MDN's HTTP Observatory (npm), served on ports 80 and 443 of
# this machine with a certificate for localhost (tests/observatory.py); fails below A+.
observatory: $(VENV)/.installed-test .secret_key setup
	$(BIN)/python -m tests.observatory

# Two gunicorn instances on two ports sharing PostgreSQL and Redis (CACHE_URL, default
# redis://127.0.0.1:6379/2): a list, a lock-out and a curator's edit cross from one to the other.
scaleout-demo: $(VENV)/.installed-test .secret_key setup
	$(BIN)/python -m tests.scaleout

bench: $(VENV)/.installed-test
	$(BIN)/python -m tests.bench

# Where the benchmarked pages spend their time: cProfile over make bench's requests, one size
# (BENCH_SIZES, default 100,000 groups), the top functions by cumulative and by own time.
profile: $(VENV)/.installed-test
	BENCH_PROFILE=1 BENCH_SIZES=$${BENCH_SIZES:-100000} $(BIN)/python -m tests.bench

clean-db:
	rm -rf .pgdata
