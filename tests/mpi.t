#!/usr/bin/env perl
# tests/mpi.t: chapter 15's data-parallel training under mpirun on this
# machine (1, 2 and 4 ranks, --oversubscribe). The deterministic mode
# writes the same model bytes on every number of ranks; the fast mode's
# parameters differ from them only by rounding; a rank that fails, by an
# error or by exiting, stops the whole job with a message, never a hang,
# and the model saved before still loads. Skips itself where Open MPI is
# not installed (make deps installs it).
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use Time::HiRes qw(time);
use NNTest;

my $mpi = 'build/nn-mpi';
plan skip_all => "Open MPI is not installed (make deps installs openmpi-bin "
  . "and libopenmpi-dev): no $mpi"
  unless -x $mpi && system('command -v mpirun >/dev/null') == 0;
my ($tmp, $out) = setup();
# As root (in CI), Open MPI runs only when told to; one thread per rank.
$ENV{OMPI_ALLOW_RUN_AS_ROOT} = 1;
$ENV{OMPI_ALLOW_RUN_AS_ROOT_CONFIRM} = 1;
$ENV{OMP_NUM_THREADS} = 1;

# mpi(P, ARGS...): runs P ranks for at most 60 seconds.
sub mpi {
  my ($p, @args) = @_;
  my $start = time;
  system("timeout 60 mpirun --oversubscribe -np $p $mpi @args "
         . ">$tmp/stdout 2>$tmp/stderr");
  return { status => $? >> 8, seconds => time - $start,
           out => read_file("$tmp/stdout"), err => read_file("$tmp/stderr") };
}
sub numbers { [ split /\n/, read_file($_[0]) // '' ] }
# The largest difference between two files of parameters.
sub largest_difference {
  my ($a, $b) = map { numbers($_) } @_;
  return 'inf' unless @$a && @$a == @$b;
  my $worst = 0;
  for my $i (0 .. $#$a) {
    my $d = abs($a->[$i] - $b->[$i]);
    $worst = $d if $d > $worst;
  }
  return $worst;
}

for my $p (1, 2, 4) {
  my $r = mpi($p, '--deterministic-reduce', '--out', "$tmp/d$p.nn",
              '--params', "$tmp/d$p.txt");
  is($r->{status}, 0, "deterministic, $p ranks") or diag($r->{err});
}
my $bytes = read_file("$tmp/d1.nn");
ok(defined $bytes && length $bytes > 0, 'a model file of '
   . length($bytes // '') . ' bytes');
for my $p (2, 4) {
  ok(defined $bytes && read_file("$tmp/d$p.nn") eq $bytes,
     "deterministic: $p ranks write the bytes of 1 rank");
}
mpi(2, '--deterministic-reduce', '--seed', 2, '--out', "$tmp/seed2.nn");
isnt(read_file("$tmp/seed2.nn"), $bytes, 'and another seed other bytes');

for my $p (1, 2, 4) {
  my $r = mpi($p, '--params', "$tmp/f$p.txt");
  is($r->{status}, 0, "fast, $p ranks") or diag($r->{err});
  my $d = largest_difference("$tmp/f$p.txt", "$tmp/d1.txt");
  ok($d < 1e-5, "fast, $p ranks: parameters within $d of the "
     . 'deterministic ones');
}
note('fast mode, 2 and 4 ranks against 1: largest differences '
     . largest_difference("$tmp/f2.txt", "$tmp/f1.txt") . ' and '
     . largest_difference("$tmp/f4.txt", "$tmp/f1.txt"));

my $r = mpi(2, '--epochs', 5, '--fail-rank', 1, '--fail-epoch', 2,
            '--out', "$tmp/failed.nn");
isnt($r->{status}, 0, sprintf('a rank that fails stops the job '
     . '(status %d, %.1f s)', $r->{status}, $r->{seconds}));
ok($r->{seconds} < 30, 'within 30 seconds, not a hang');
like($r->{err}, qr/rank 1 of 2: failing at epoch 2.*; stopping every rank/,
     'with a message that names the rank');
$r = mpi(4, '--epochs', 5, '--fail-rank', 2, '--fail-epoch', 2,
         '--fail-exit', '--out', "$tmp/exited.nn");
isnt($r->{status}, 0, sprintf('a rank that exits stops the job (status %d,'
     . ' %.1f s)', $r->{status}, $r->{seconds}));
ok($r->{seconds} < 30, 'within 30 seconds, not a hang');
# Two points of the spiral's plane, for nn predict.
write_file("$tmp/points.csv", "x,y\n0.1,0.2\n-0.5,0.3\n");
for my $model ("$tmp/failed.nn", "$tmp/exited.nn") {
  my $lines = `build/nn predict $model --csv $tmp/points.csv 2>&1`;
  ok($? == 0 && $lines =~ /\S/, "the model saved before the failure "
     . "loads and predicts ($model)") or diag($lines);
}
done_testing();
