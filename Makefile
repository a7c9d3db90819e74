# The two commands of the README: `make run` and `make test`.
# Both first install what building HiGHS from source needs (cmake, a C++
# compiler, libclang for bindgen) when it is missing.

CARGO ?= cargo
SCENARIO ?= scenarios/lai-chau-2025.toml
# Debian/Ubuntu packages the build needs.
BUILD_PACKAGES := cmake g++ make libclang-dev

.PHONY: run test bench deps

run: deps
	$(CARGO) run --release --quiet -- plan $(SCENARIO)

test: deps
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
