#!/usr/bin/env perl
# tests/kill.t: kill -9 at random moments of a multi-epoch nn train. 50
# runs of 20 epochs on the tiny data set, each saving a model of 2.4 MB
# after every epoch into a file that already holds a model, are killed
# with SIGKILL after a random time within a run's length. After every
# kill the model file must load (the old model or one of the run's
# epochs, never a partial file); a temporary file that a killed save
# left behind must be removed by the next run that saves there.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use File::Copy qw(copy);
use POSIX qw(WNOHANG);
use Time::HiRes qw(sleep time);
use Test::More;
use NNTest;

my ($tmp, $out) = setup();
my $nn = $ENV{NN_BINARY} // 'build/nn';
my $data = "$tmp/data";
make_data($data);
my $model = "$out/m.nn";
my @train = ('train', '--data', $data, '--layers', '784,256,10',
             '--validation', '50', '--epochs', '20', '--out', $model);
my $start = time;
is(nn(@train)->{status}, 0, 'a whole run');
my $length = time - $start;
note(sprintf 'a whole run takes %.2f s', $length);

sub temporaries { grep { /\.tmp-/ } files_in($out) }
srand(14);
my ($kills, $left, @bad) = (0, 0);
for my $k (1 .. 50) {
  my $pid = fork // die;
  if ($pid == 0) {
    open STDOUT, '>', '/dev/null';
    open STDERR, '>', '/dev/null';
    exec $nn, @train or exit 127;
  }
  sleep(rand($length));
  $kills++ if waitpid($pid, WNOHANG) == 0;
  kill 'KILL', $pid;
  waitpid $pid, 0;
  my $r = nn('eval', $model, '--data', $data);
  push @bad, "kill $k: the model does not load: $r->{err}"
    if $r->{status} != 0;
  if (my @temps = temporaries()) {
    $left++;
    # The next run that saves there removes what the killed one left.
    nn(@train[0 .. $#train - 4], '--epochs', '1', '--out', $model);
    push @bad, "kill $k: @temps left after the next save"
      if temporaries();
  }
}
is_deeply(\@bad, [], 'after every kill the model loads, and the next '
          . 'save removes what the killed one left') or diag(join "\n", @bad);
cmp_ok($kills, '>=', 25, "$kills of 50 runs were killed while running");
note("$left kills left a temporary file behind");
done_testing();
