#!/usr/bin/env perl
# The fuzz targets of tests/fuzz/ (built by make into build/fuzz/bin with
# libFuzzer, ASan and UBSan): every input in tests/fuzz/regressions/TARGET/
# (inputs that once crashed a target, or hostile files written by hand) is
# replayed and must pass; then each target runs for FUZZ_SMOKE_SECONDS
# (default 10) from its seeds and must find nothing. Skipped without clang
# and libFuzzer.
use strict;
use warnings;
use File::Temp qw(tempdir);
use Test::More;

my @targets = map { m{([^/]+)\.c$}; $1 } grep { !/seeds\.c$/ } glob 'tests/fuzz/*.c';
my $fuzzer = `echo 'int LLVMFuzzerTestOneInput(const char *d, long n) { return 0; }' | clang -fsanitize=fuzzer -x c - -o /dev/null 2>&1; echo \$?`;
plan skip_all => 'clang with libFuzzer (libclang-rt-14-dev) is not installed'
  unless defined $fuzzer && $fuzzer =~ /^0$/m;
my $seconds = $ENV{FUZZ_SMOKE_SECONDS} // 10;
$ENV{OMP_NUM_THREADS} = 1;
my $tmp = tempdir(CLEANUP => 1);
for my $t (@targets) {
  my $bin = "build/fuzz/bin/$t";
  ok(-x $bin, "$t is built") or next;
  my @inputs = glob "tests/fuzz/regressions/$t/*";
  if (@inputs) {
    my $r = system("$bin -close_fd_mask=3 @inputs >$tmp/$t.replay 2>&1");
    is($r, 0, "$t: the " . @inputs . " regression inputs pass")
      or diag(`tail -n 30 $tmp/$t.replay`);
  }
  mkdir "$tmp/$t" or die;
  my $r = system("$bin -max_total_time=$seconds -close_fd_mask=3 "
                 . "-artifact_prefix=$tmp/crash- $tmp/$t build/fuzz/seed/$t "
                 . ">$tmp/$t.log 2>&1");
  my ($done) = `grep DONE $tmp/$t.log` =~ /(#\d+.*)/;
  is($r, 0, "$t: $seconds s of fuzzing find nothing" . ($done ? " ($done)" : ''))
    or diag(`tail -n 40 $tmp/$t.log`);
}
done_testing();
