# The two commands of the README: `make run` and `make test`.
# Both first install what building HiGHS from source needs (cmake, a C++
# compiler, libclang for bindgen) when it is missing; `make test` also
# installs Chromium, which tests/html.rs uses to render the HTML report, and
# LibreOffice Calc, which tests/workbook_input.rs uses to save a workbook as
# a spreadsheet user would (without them those tests skip, saying so).

CARGO ?= cargo
SCENARIO ?= scenarios/lai-chau-2025.toml
# Debian/Ubuntu packages the build needs.
BUILD_PACKAGES := cmake g++ make libclang-dev
# What only the tests need: a headless browser and a spreadsheet program.
TEST_PACKAGES := chromium libreoffice-calc-nogui poppler-utils

.PHONY: run test bench deps test-deps

run: deps
	$(CARGO) run --release --quiet -- plan $(SCENARIO)

test: deps test-deps
	$(CARGO) fmt --check
	$(CARGO) clippy --release --all-targets -- -D warnings
	$(CARGO) test --release

bench: deps
	$(CARGO) bench

deps:
	@missing=""; \
	for p in $(BUILD_PACKAGES); do \
	  if command -v dpkg >/dev/null 2>&1; then \
	    dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; \
	  fi; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  elif command -v sudo >/dev/null 2>&1; then \
	    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "error: building HiGHS needs these packages:$$missing"; \
	    echo "       install them (as root: apt-get install$$missing) and run make again"; \
	    exit 1; \
	  fi; \
	fi; \
	if command -v rustup >/dev/null 2>&1; then \
	  for c in rustfmt clippy; do \
	    rustup component list --installed 2>/dev/null | grep -q "^$$c" || rustup component add $$c; \
	  done; \
	fi

# Best effort: install Chromium and LibreOffice Calc for the client tests when apt can (as root
# or through sudo); otherwise say so and let those tests skip.
test-deps:
	@missing=""; \
	for p in $(TEST_PACKAGES); do \
	  if command -v dpkg >/dev/null 2>&1; then \
	    dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; \
	  fi; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing for the tests:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) \
	      || echo "note: could not install$$missing; the browser tests will skip"; \
	  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
	    (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) \
	      || echo "note: could not install$$missing; the browser tests will skip"; \
	  else \
	    echo "note: install$$missing (apt-get install$$missing) to run the browser tests; they skip without it"; \
	  fi; \
	fi
