# kdep - static analysis of the Linux kernel's Kconfig graph.
#
#   make                 build ./kdep
#   make check           install what is missing, run every test
#   make sanitize        the unit and fixture suites under ASan and UBSan
#   make fuzz            fuzz the parsers kdep owns (make fuzz-check: briefly)
#   make bench           measure against kconfiglib and the tree's own conf
#   make profiles        record the built-in toolchain profiles again
#   make check-profiles  check every built-in profile against its toolchain
#   make install PREFIX=/usr/local

VERSION    := 0.1.0
PREFIX     ?= /usr/local
CC         ?= cc
# Debian's interpreter, never whatever python3-config comes first on PATH:
# kdep imports Debian's python3-kconfiglib, which only that one can see.
PYCONFIG   ?= /usr/bin/python3-config

PY_CFLAGS  := $(shell $(PYCONFIG) --includes)
PY_LDFLAGS := $(shell $(PYCONFIG) --embed --ldflags)
PY_HOME    := $(shell $(PYCONFIG) --prefix)
# kdep itself takes libpython in whole where the package has its archive
# (Debian's libpython3.11-dev: libpython3.11-pic.a), as Debian's python3.11
# does: a command that parses nothing (a cached scan) then spends no
# start-up resolving the shared library's symbols, some 3 ms of its 30.
# -rdynamic exports them to the extension modules Python loads; the libraries
# the archive's built-in modules need are Python's own list. The unit
# runner and the sanitizer builds keep the shared library.
PY_PIC     := $(firstword $(wildcard $(shell $(PYCONFIG) --configdir)/libpython*-pic.a))
PY_STATIC  := $(if $(PY_PIC),-rdynamic $(PY_PIC) $(shell $(PY_HOME)/bin/python3 -c \
              'import sysconfig as s; print(*(s.get_config_var(v) or "" for v in ("MODLIBS", "LIBS", "SYSLIBS")))'),$(PY_LDFLAGS))

WARN       := -Wall -Wextra -Wno-unused-parameter -Wshadow -Wstrict-prototypes
CFLAGS     ?= -O2 -g
ALL_CFLAGS := -std=gnu11 $(WARN) $(CFLAGS) \
              -DKDEP_VERSION='"$(VERSION)"' -DKDEP_PYTHON_HOME='"$(PY_HOME)"' \
              -DKDEP_DATADIR='"$(PREFIX)/share/kdep"'
# libgit2 is loaded when first needed (analyzer/git/libgit2.h), not
# linked: the soname of the one built against.
LIBGIT2_SO := $(shell objdump -p "$$($(CC) -print-file-name=libgit2.so)" 2>/dev/null | \
              awk '$$1 == "SONAME" { print $$2 }')
LIBGIT2_CFLAGS := -DKDEP_LIBGIT2='"$(or $(LIBGIT2_SO),libgit2.so)"'
LDLIBS     := -lsqlite3 -lpicosat $(PY_LDFLAGS)
CHECK_LIBS := $(shell pkg-config --libs check 2>/dev/null || echo -lcheck)

# One folder is one layer. A layer sees its own headers and those of the
# layers below it, nothing else: the include path is the boundary, so a
# header used across it does not compile. LAYERS_<dir> lists what <dir>
# may include; Python's flags reach only the kconf layer.
A := analyzer
LAYERS_core    := $(A)/core
LAYERS_model   := $(LAYERS_core) $(A)/model
LAYERS_source  := $(LAYERS_core) $(A)/source
LAYERS_git     := $(LAYERS_source) $(A)/git
LAYERS_kconf   := $(LAYERS_model) $(A)/source $(A)/kconf
LAYERS_profile := $(LAYERS_kconf) $(A)/profile
LAYERS_sat     := $(LAYERS_model) $(A)/sat
LAYERS_graph   := $(LAYERS_model) $(A)/graph
LAYERS_db      := $(LAYERS_model) db
LAYERS_rules   := $(LAYERS_model) $(A)/sat $(A)/graph rules
LAYERS_reports := $(LAYERS_model) rules reports
LAYERS_patchgen := $(LAYERS_source) $(A)/patchgen templates
LAYERS_scan    := $(LAYERS_profile) db $(A)/sat rules $(A)/patchgen $(A)/scan
LAYERS_cli     := $(LAYERS_scan) $(A)/graph $(A)/git reports $(A)/patchgen \
                  $(A)/cli
LAYERS_unit    := $(LAYERS_cli) tests/unit

$(A)/core/%.o:    LAYER := $(LAYERS_core)
$(A)/model/%.o:   LAYER := $(LAYERS_model)
$(A)/source/%.o:  LAYER := $(LAYERS_source)
$(A)/git/%.o:     LAYER := $(LAYERS_git)
$(A)/kconf/%.o:   LAYER := $(LAYERS_kconf)
$(A)/kconf/%.o:   LAYER_CFLAGS := $(PY_CFLAGS)
$(A)/git/%.o:     LAYER_CFLAGS := $(LIBGIT2_CFLAGS)
$(A)/profile/%.o: LAYER := $(LAYERS_profile)
$(A)/sat/%.o:     LAYER := $(LAYERS_sat)
$(A)/graph/%.o:   LAYER := $(LAYERS_graph)
$(A)/scan/%.o:    LAYER := $(LAYERS_scan)
$(A)/patchgen/%.o: LAYER := $(LAYERS_patchgen)
db/%.o:           LAYER := $(LAYERS_db)
rules/%.o:        LAYER := $(LAYERS_rules)
reports/%.o:      LAYER := $(LAYERS_reports)
$(A)/cli/%.o:     LAYER := $(LAYERS_cli)
tests/unit/%.o:   LAYER := $(LAYERS_unit)

# Everything but the command line, shared by the binary and the unit tests.
LIB_SRCS := $(wildcard $(A)/core/*.c $(A)/model/*.c $(A)/source/*.c \
                       $(A)/git/*.c $(A)/kconf/*.c $(A)/profile/*.c $(A)/sat/*.c \
                       $(A)/graph/*.c $(A)/scan/*.c $(A)/patchgen/*.c \
                       db/*.c rules/*.c reports/*.c)
CMD_SRCS := $(wildcard $(A)/cli/*.c)
LIB_OBJS := $(LIB_SRCS:.c=.o)
CMD_OBJS := $(CMD_SRCS:.c=.o)
TEST_SRCS := $(wildcard tests/unit/check_*.c) tests/unit/runner.c
TEST_OBJS := $(TEST_SRCS:.c=.o)

# The files the patch generators add, written as the kernel wants them.
TEMPLATES := $(patsubst %.tmpl,%.inc,$(wildcard templates/*.tmpl))
GENERATED := $(A)/kconf/kconf_shim.inc db/schema.inc $(TEMPLATES) \
             $(A)/git/libgit2_redirect.inc

.PHONY: all check check-layers unit test-fixtures test-reports test-cosel test-closest test-unmet test-unmet-kernel test-kernel test-oracle bench install clean deps \
        kernel-tree kernel-scan profiles check-profiles

all: kdep

kdep: $(LIB_OBJS) $(CMD_OBJS)
	$(CC) $(ALL_CFLAGS) -o $@ $^ -lsqlite3 -lpicosat $(PY_STATIC)

%.o: %.c
	$(CC) $(ALL_CFLAGS) $(addprefix -I,$(LAYER)) $(LAYER_CFLAGS) \
		-MMD -MP -c -o $@ $<

# Text files compiled into the binary as C string literals.
%.inc: %.py
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $< > $@
%.inc: %.sql
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $< > $@
%.inc: %.tmpl
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $< > $@

$(A)/kconf/kconf.o: $(A)/kconf/kconf_shim.inc
# each libgit2 function of the list defined as its pointer in the table
$(A)/git/libgit2_redirect.inc: $(A)/git/libgit2_fns.h
	sed -n 's/^KGIT_FN(\(.*\))$$/#define \1 (*kgit_lib()->\1)/p' $< > $@
$(patsubst %.c,%.o,$(wildcard $(A)/git/*.c)): $(A)/git/libgit2_redirect.inc
db/db.o: db/schema.inc
$(A)/patchgen/trampoline.o: $(TEMPLATES)

# The trampoline suite's way to the generator (tests/e2e/trampoline).
TRAMP_GEN := tests/e2e/trampoline/gen
$(TRAMP_GEN).o: LAYER := $(LAYERS_cli)
$(TRAMP_GEN): $(TRAMP_GEN).o $(LIB_OBJS)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS)
	ln -sfn ../../../profiles $(@D)/profiles

tests/unit/runner: $(TEST_OBJS) $(LIB_OBJS)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS) $(CHECK_LIBS)

deps:
	@scripts/install-deps

# The real kernel tree the tests and benchmarks read (extracted once).
kernel-tree: deps
	@scripts/kernel-tree >/dev/null

# The main job on a real tree: everything installed, the tree extracted,
# three architectures scanned under every built-in toolchain profile.
KERNEL_ARCHES ?= arm64,x86,riscv
kernel-scan: deps
	$(MAKE) all
	./kdep scan --tree "$$(scripts/kernel-tree)" --arch $(KERNEL_ARCHES)

# The built-in profiles (profiles/NAME/ARCH.probes), recorded from Debian's
# gcc-12 and llvm-19 toolchains on the real trees (6.12 and 6.1, merged
# into one recording per arch and toolchain). Committed; run this again
# when the toolchains or the trees change. It installs only what recording
# needs (scripts/install-deps profiles: the cross gcc-12 of every arch).
profiles: kdep
	scripts/install-deps profiles
	scripts/record-profiles -j 2

# The fidelity of every built-in recording (replay = live, same toolchain,
# no unknown probe in either tree); make check runs the subset whose
# toolchains it installs (tests/kernel/check_profiles.py says which).
check-profiles: kdep
	scripts/install-deps profiles
	tmp=$$(mktemp -d) && /usr/bin/python3 tests/kernel/check_profiles.py \
		$(CURDIR)/kdep $(CURDIR)/scripts/toolchain-env \
		"$$(scripts/kernel-tree)" "$$(scripts/kernel-tree 6.1)" "$$tmp" \
		all; st=$$?; rm -rf "$$tmp"; exit $$st

# The boundaries the include paths cannot enforce (scripts/check-layers).
check-layers:
	scripts/check-layers

unit: kdep tests/unit/runner
	KDEP_TOP=$(CURDIR) tests/unit/runner

test-fixtures: kdep
	tests/fixtures/run
	tests/fixtures/hermetic.sh
	tests/fixtures/buildcheck.sh
	tests/fixtures/hostile.sh
	tests/fixtures/git.sh
	tests/fixtures/cli.sh
	tests/fixtures/check.sh
	tests/fixtures/kept.sh
	tests/fixtures/streams.py

# The outputs checked by the tools that read them (tests/e2e/check_reports.py):
# SARIF against the schema (ajv, from npm into a cache directory), Markdown
# by cmark-gfm, DOT by graphviz, HTML in headless chromium, on fixture trees
# and the seed-edited real tree (its copy and scans cached under
# ~/.cache/kdep/e2e, parsed once).
test-reports: kdep kernel-tree
	/usr/bin/python3 tests/e2e/check_reports.py ./kdep $(CURDIR) \
		"$$(scripts/kernel-tree)"

# The database as input: read-only (a read-only mount in a namespace of
# the test's own, unshare -rm) and corrupt.
.PHONY: test-database
test-database: kdep
	tests/fixtures/database.sh

test-kernel: kdep kernel-tree
	tests/kernel/run

# The generated arm64 static-call trampoline series, built, run under
# qemu-aarch64 and booted under qemu-system-aarch64 (tests/e2e/trampoline).
# Its scratch trees and kernel object directories stay in
# ~/.cache/kdep/tramp: the first run builds one small clang-19 CFI kernel
# with the function tracer and direct calls (its vmlinux is the link check;
# about 880 CPU seconds) and three objects with the gcc cross compiler
# (BENCHMARKS.md), later ones only what changed (about three minutes).
.PHONY: test-trampoline
test-trampoline: kdep $(TRAMP_GEN) kernel-tree
	tests/e2e/trampoline/run $(CURDIR) "$$(scripts/kernel-tree)"

# The same boot test's kernel from the unpatched tree: the RET0 static call
# is a kCFI failure there. Not part of make check (a second cold kernel
# build); kept in ~/.cache/kdep/tramp/obj-unpatched.
.PHONY: test-trampoline-unpatched
test-trampoline-unpatched: kdep kernel-tree
	tests/e2e/trampoline/unpatched.sh $(CURDIR) "$$(scripts/kernel-tree)"

# kdep cosel against brute force on random trees (seeded: COSEL_SEED).
COSEL_TREES ?= 300
COSEL_SEED ?= 1
test-cosel: kdep
	tmp=$$(mktemp -d) && /usr/bin/python3 tests/cosel/brute.py ./kdep \
		$(COSEL_TREES) $(COSEL_SEED) "$$tmp"; st=$$?; rm -rf "$$tmp"; \
		exit $$st

# kdep cosel --config against brute force on the same random trees
# (CLOSEST_TREES of seed CLOSEST_SEED; about 10 s of CPU for 100).
CLOSEST_TREES ?= 100
CLOSEST_SEED ?= 1
test-closest: kdep
	tmp=$$(mktemp -d) && /usr/bin/python3 tests/cosel/closest_brute.py \
		./kdep $(CLOSEST_TREES) $(CLOSEST_SEED) "$$tmp"; st=$$?; \
		rm -rf "$$tmp"; exit $$st

# kdep unmet against brute force on the same random trees (UNMET_TREES of
# seed UNMET_SEED; about 15 s of CPU for 100).
UNMET_TREES ?= 100
UNMET_SEED ?= 1
test-unmet: kdep
	tmp=$$(mktemp -d) && /usr/bin/python3 tests/cosel/unmet_brute.py ./kdep \
		$(UNMET_TREES) $(UNMET_SEED) "$$tmp"; st=$$?; rm -rf "$$tmp"; \
		exit $$st

# kdep's model against the tree's own Kconfig parser, property by property
# (tests/kernel/check_oracle.py; tests/kernel/run runs it too): 6.12 and
# 6.1, three arches, two profiles, an edited tree.
test-oracle: kdep kernel-tree
	tmp=$$(mktemp -d) && /usr/bin/python3 tests/kernel/check_oracle.py \
		"$$PWD/kdep" "$$PWD" "$$(scripts/kernel-tree)" \
		"$$(scripts/kernel-tree 6.1)" "$$tmp"; s=$$?; rm -rf "$$tmp"; exit $$s

# kdep unmet on the real tree for all three arches (tests/kernel/run does
# arm64 only): the sweeps, conf on witnesses, injected violations.
test-unmet-kernel: kdep kernel-tree
	tmp=$$(mktemp -d) && /usr/bin/python3 tests/kernel/check_unmet.py \
		"$$PWD/kdep" "$$PWD" "$$(scripts/kernel-tree)" "$$tmp" arm64 x86 \
		riscv; st=$$?; rm -rf "$$tmp"; exit $$st

# ---- sanitizers ----------------------------------------------------------
#
# make sanitize: kdep and the unit runner built with AddressSanitizer and
# UndefinedBehaviorSanitizer (gcc's libasan and libubsan) into $(SAN)/,
# objects of their own never mixed with the normal ones, then the unit
# suite, the fixture cases, the command-line, database and scratch-copy
# (buildcheck.sh) tests run under
# them (about a
# minute and a half from scratch on two cores, half of it the build). Any
# report fails the run: ASan stops at its first error, UBSan is built not
# to recover (-fno-sanitize-recover=all) and runs with halt_on_error, and
# every report goes to stderr, which the fixture cases compare exactly.
# hermetic.sh stays out: LeakSanitizer cannot work under its strace.
#
# Embedding Debian's libpython3.11, which is not instrumented, needs no
# ASAN_OPTIONS tuning: ASan's runtime is linked first, so there is nothing
# for verify_asan_link_order to complain about, and to ASan the
# interpreter's allocations are plain mallocs. What the interpreter never
# frees (interned strings, static types, the arenas Py_FinalizeEx keeps;
# kdep leaves finalising to the exit) LeakSanitizer would report at exit:
# $(SAN_SUPP) suppresses the allocations made below a libpython3.11 frame,
# and names no kdep function, so a leak that only kdep's frames made is
# always reported. (A suppression matches any frame of the allocation's
# stack: a leak in a kdep callback that Python calls would be hidden too.)
# allocator_may_return_null lets the out-of-memory tests see a NULL, as
# kdep expects, instead of ASan's abort on an impossible size.
SAN       := build/sanitize
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer \
             -fno-sanitize-recover=all
SAN_SUPP  := $(CURDIR)/tests/sanitize/lsan.supp
SAN_ENV   := ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
             UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
             LSAN_OPTIONS=suppressions=$(SAN_SUPP):print_suppressions=0
SAN_LIB_OBJS  := $(addprefix $(SAN)/,$(LIB_OBJS))
SAN_CMD_OBJS  := $(addprefix $(SAN)/,$(CMD_OBJS))
SAN_TEST_OBJS := $(addprefix $(SAN)/,$(TEST_OBJS))

# The layer of a source file is its folder's name (analyzer/core/x.c:
# core, tests/unit/x.c: unit), so one rule serves every layer.
san_layer = $(notdir $(patsubst %/,%,$(dir $(1))))

$(SAN)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) \
		$(addprefix -I,$(LAYERS_$(call san_layer,$<))) \
		$(if $(filter kconf,$(call san_layer,$<)),$(PY_CFLAGS)) \
		$(if $(filter git,$(call san_layer,$<)),$(LIBGIT2_CFLAGS)) \
		-MMD -MP -c -o $@ $<

$(SAN)/$(A)/kconf/kconf.o: $(A)/kconf/kconf_shim.inc
$(addprefix $(SAN)/,$(patsubst %.c,%.o,$(wildcard $(A)/git/*.c))): \
	$(A)/git/libgit2_redirect.inc
$(SAN)/db/db.o: db/schema.inc
$(SAN)/$(A)/patchgen/trampoline.o: $(TEMPLATES)

# The built-in profiles are found beside the binary.
$(SAN)/kdep: $(SAN_LIB_OBJS) $(SAN_CMD_OBJS)
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -o $@ $^ $(LDLIBS)
	ln -sfn ../../profiles $(SAN)/profiles

$(SAN)/runner: $(SAN_TEST_OBJS) $(SAN_LIB_OBJS)
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -o $@ $^ $(LDLIBS) $(CHECK_LIBS)

.PHONY: sanitize
sanitize: $(SAN)/kdep $(SAN)/runner
	$(SAN_ENV) KDEP_TOP=$(CURDIR) $(SAN)/runner
	$(SAN_ENV) KDEP=$(CURDIR)/$(SAN)/kdep tests/fixtures/run
	$(SAN_ENV) KDEP=$(CURDIR)/$(SAN)/kdep tests/fixtures/database.sh
	$(SAN_ENV) KDEP=$(CURDIR)/$(SAN)/kdep tests/fixtures/cli.sh
	$(SAN_ENV) KDEP=$(CURDIR)/$(SAN)/kdep tests/fixtures/kept.sh
	$(SAN_ENV) KDEP=$(CURDIR)/$(SAN)/kdep tests/fixtures/buildcheck.sh

-include $(SAN_LIB_OBJS:.o=.d) $(SAN_CMD_OBJS:.o=.d) $(SAN_TEST_OBJS:.o=.d)

# ---- fuzzing -------------------------------------------------------------
#
# libFuzzer targets (tests/fuzz/fuzz_NAME.c) over the parsers kdep owns,
# built by clang-19 with ASan and UBSan into $(FUZZ)/, objects of their own
# never mixed with the normal or the sanitize ones. Each links only the
# objects it needs, never Python. make fuzz-check runs each for
# FUZZ_CHECK_SECONDS from its committed seed corpus (tests/fuzz/corpus/NAME)
# copied to a scratch directory, so that the corpus is never written; any
# crash, leak, sanitizer report or input slower than FUZZ_TIMEOUT seconds
# fails it. make fuzz runs each for FUZZ_SECONDS, for humans; the crashing
# input is left in the scratch directory named.
FUZZ       := build/fuzz
FUZZ_CC    := clang-19
FUZZ_FLAGS := -fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer \
              -fno-sanitize-recover=all
FUZZ_CHECK_SECONDS ?= 20
FUZZ_SECONDS       ?= 600
FUZZ_TIMEOUT       ?= 10
FUZZ_TARGETS := config db graph profile_rec source
FUZZ_CORE    := $(addprefix $(A)/core/,alloc.o error.o strv.o suggest.o)
FUZZ_SOURCE  := $(patsubst %.c,%.o,$(wildcard $(A)/source/*.c))
FUZZ_OBJS_profile_rec := $(FUZZ_CORE) $(FUZZ_SOURCE) \
                         $(A)/kconf/probe_key.o $(A)/profile/profile.o \
                         $(A)/profile/profile_rec.o $(A)/core/file.o
FUZZ_OBJS_source      := $(FUZZ_CORE) $(FUZZ_SOURCE)
FUZZ_OBJS_config      := $(FUZZ_CORE) $(A)/core/text.o
FUZZ_OBJS_db          := $(FUZZ_CORE) \
                         $(patsubst %.c,%.o,$(wildcard $(A)/model/*.c)) \
                         db/db.o db/graph.o
FUZZ_LIBS_db          := -lsqlite3
FUZZ_OBJS_graph       := $(FUZZ_CORE) \
                         $(patsubst %.c,%.o,$(wildcard $(A)/model/*.c)) \
                         db/graph.o
# A target sees the include path of the layer of its last object.
FUZZ_LAYER_profile_rec := profile
FUZZ_LAYER_source      := source
FUZZ_LAYER_config      := core
FUZZ_LAYER_db          := db
FUZZ_LAYER_graph       := db
$(FUZZ)/db/db.o: db/schema.inc

# fuzz_db edits copies of a scan kdep stored of a fixture tree (made first).
FUZZ_DB := $(FUZZ)/template.db
$(FUZZ_DB): kdep
	@mkdir -p $(@D)
	rm -f $@ $@-wal $@-shm
	./kdep scan --tree tests/fixtures/scan-counts/tree --arch x86 \
		--profile gcc-12 --db $@ >/dev/null
	test ! -s $@-wal # kdep's close wrote the log into the database

$(FUZZ)/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(ALL_CFLAGS) -fsanitize=fuzzer-no-link,address,undefined \
		-fno-omit-frame-pointer -fno-sanitize-recover=all \
		$(addprefix -I,$(LAYERS_$(call san_layer,$<))) \
		-MMD -MP -c -o $@ $<

$(FUZZ)/tests/fuzz/fuzz_%.o: tests/fuzz/fuzz_%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(ALL_CFLAGS) $(FUZZ_FLAGS) \
		$(addprefix -I,$(LAYERS_$(FUZZ_LAYER_$*))) -MMD -MP -c -o $@ $<

.PRECIOUS: $(FUZZ)/%.o $(FUZZ)/tests/fuzz/fuzz_%.o
.SECONDEXPANSION:
$(FUZZ)/fuzz_%: $(FUZZ)/tests/fuzz/fuzz_%.o $$(addprefix $(FUZZ)/,$$(FUZZ_OBJS_$$*))
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $^ $(FUZZ_LIBS_$*)

FUZZ_BINS := $(addprefix $(FUZZ)/fuzz_,$(FUZZ_TARGETS))

# $(1): seconds each
fuzz_run = for t in $(FUZZ_TARGETS); do \
	tmp=$$(mktemp -d) && cp tests/fuzz/corpus/$$t/* "$$tmp"/ && \
	echo "fuzz $$t: $(1) s" && \
	KDEP_FUZZ_DB=$(CURDIR)/$(FUZZ_DB) \
	$(FUZZ)/fuzz_$$t -max_total_time=$(1) -timeout=$(FUZZ_TIMEOUT) \
		-rss_limit_mb=1024 -print_final_stats=1 \
		-artifact_prefix="$$tmp"/ "$$tmp" >"$$tmp.log" 2>&1; \
	st=$$?; tail -n 12 "$$tmp.log"; \
	if [ $$st -ne 0 ]; then \
		echo "fuzz $$t: failed, input and log in $$tmp $$tmp.log" >&2; \
		exit 1; fi; \
	rm -rf "$$tmp" "$$tmp.log"; done

.PHONY: fuzz fuzz-check
fuzz-check: $(FUZZ_BINS) $(FUZZ_DB)
	@$(call fuzz_run,$(FUZZ_CHECK_SECONDS))
fuzz: $(FUZZ_BINS) $(FUZZ_DB)
	@$(call fuzz_run,$(FUZZ_SECONDS))

-include $(wildcard $(FUZZ)/*/*.d $(FUZZ)/*/*/*.d $(FUZZ)/*/*/*/*.d)

check: deps
	$(MAKE) all tests/unit/runner
	$(MAKE) check-layers unit test-fixtures test-reports test-database sanitize \
		fuzz-check test-cosel test-closest test-unmet test-kernel \
		test-trampoline

bench: deps kdep kernel-tree
	scripts/bench

install: kdep
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 kdep $(DESTDIR)$(PREFIX)/bin/kdep
	install -m 644 man/kdep.1 $(DESTDIR)$(PREFIX)/share/man/man1/kdep.1
	for d in profiles/*/; do \
		install -d $(DESTDIR)$(PREFIX)/share/kdep/$$d && \
		install -m 644 $$d*.probes $(DESTDIR)$(PREFIX)/share/kdep/$$d \
		|| exit 1; \
	done

clean:
	rm -rf $(SAN) $(FUZZ)
	rm -f kdep tests/unit/runner $(TRAMP_GEN) $(TRAMP_GEN).o tests/e2e/trampoline/profiles $(GENERATED) \
	      $(LIB_OBJS) $(CMD_OBJS) $(TEST_OBJS) \
	      $(LIB_OBJS:.o=.d) $(CMD_OBJS:.o=.d) $(TEST_OBJS:.o=.d)

-include $(LIB_OBJS:.o=.d) $(CMD_OBJS:.o=.d) $(TEST_OBJS:.o=.d)
