# Quick start: `make demo` and `make test` on a fresh Debian machine.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: deps build demo test bench fuzz clean

deps:
	@bash scripts/install-deps.sh

$(BUILD)/build.ninja: CMakeLists.txt
	cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS)

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	$(BUILD)/ruledex show examples/sentinel/aws_getcalleridentity_assumed_role.yaml \
	  --attack examples/attack/enterprise-attack-excerpt.json
	$(BUILD)/ruledex hunt examples/sigma --events examples/events/sysmon_process_creation.jsonl

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: deps
	cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DRULEDEX_BENCH=ON -DRULEDEX_TESTS=OFF
	cmake --build build-bench -j $(JOBS)
	bash bench/run.sh build-bench

fuzz:
	RULEDEX_FUZZ=1 bash scripts/install-deps.sh
	CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRULEDEX_FUZZ=ON -DRULEDEX_TESTS=OFF
	cmake --build build-fuzz -j $(JOBS)
	bash fuzz/run.sh build-fuzz $${FUZZ_SECONDS:-600}

clean:
	rm -rf $(BUILD) build-bench build-fuzz
