# Puente: `make run` to use the site, `make test` to run the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
# Address the web server listens on (the Procfile reads it); links use http://$(BIND) unless
# PUBLIC_URL is set.
BIND := $(or $(BIND),127.0.0.1:5000)
export BIND

.PHONY: run test lint install translations migrate seed clean

$(BIN)/activate: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(BIN)/activate

install: $(BIN)/activate

translations: install
	$(FLASK) translations compile

migrate: translations
	$(FLASK) db upgrade

seed: migrate
	$(FLASK) seed-demo

run: seed
	@echo "Puente on $(or $(PUBLIC_URL),http://$(BIND)) (web and worker; Ctrl-C stops both)"
	$(BIN)/honcho start -f Procfile

test: translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) instance/puente.db instance/huey.db instance/mail
