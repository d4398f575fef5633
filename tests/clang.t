#!/usr/bin/env perl
# The book builds with Clang as well as GCC (make CC=clang): the library
# and nn, compiled by clang with the flags the Makefile chooses for it
# (no GCC-only flag, no target_clones where Clang before 18 cannot link
# them), train a small network. `make check-sanitize` runs every test
# with a Clang build; this is the quick check that make check does.
# Skipped without clang.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use File::Temp qw(tempdir);
use Test::More;
use NNTest;

plan skip_all => 'clang is not installed' unless `clang --version 2>/dev/null`;
my $flags = `make -s print-cflags CC=clang`;
chomp $flags;
unlike($flags, qr/-fvect-cost-model/, 'no GCC-only flag for clang');
my $dir = tempdir(CLEANUP => 1);
my @sources = (glob('build/src/lib/*.c'), 'build/src/programs/nn.c');
my $objects = join ' ', map { my $o = $_; $o =~ s{.*/}{$dir/}; $o =~ s/\.c$/.o/; $o } @sources;
# Two at a time: the machine's cores are shared.
open my $jobs, '>', "$dir/compile" or die;
for my $c (@sources) {
  (my $o = $c) =~ s{.*/}{$dir/};
  $o =~ s/\.c$/.o/;
  print $jobs "clang $flags -Ibuild/src/lib -c $c -o $o\n";
}
close $jobs;
is(system("xargs -P 2 -d '\\n' -I{} sh -c {} <$dir/compile"), 0,
   'the library and nn compile with clang');
is(system("clang $flags $objects -lz -lm -o $dir/nn"), 0, 'and link');
my ($tmp, $out) = setup("$dir/nn");
make_data("$tmp/data");
my $r = nn('train', '--data', "$tmp/data", '--layers', '784,16,10',
           '--epochs', '2', '--validation', '50', '--out', "$tmp/m.nn");
is($r->{status}, 0, 'the clang nn trains') or diag($r->{err});
$r = nn('eval', "$tmp/m.nn", '--data', "$tmp/data");
like($r->{out}, qr/\Aaccuracy 0\.\d{4}\n/, 'and evaluates its model');
done_testing();
