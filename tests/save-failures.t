#!/usr/bin/env perl
# tests/save-failures.t: every failure point of a save, the way SQLite
# tests every I/O error. tests/lib/faults.c, preloaded into nn, makes the
# Nth call of a save fail (mkstemp, fchmod, write, fsync, close, rename,
# and the open, fsync and close of the directory), for every N; and, for
# every N again, sends SIGINT or SIGTERM just before the Nth call. Each
# time the model file must be the old one or the whole new one, never
# anything else, and no temporary file may remain.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use File::Compare qw(compare);
use File::Copy qw(copy);
use POSIX qw(SIGINT SIGTERM);
use Test::More;
use NNTest;

my ($tmp, $out) = setup();
my $cc = `cc --version 2>/dev/null` ? 'cc' : undef;
plan skip_all => 'no C compiler for the preloaded library' unless $cc;
system($cc, '-shared', '-fPIC', '-o', "$tmp/faults.so",
       "$FindBin::Bin/lib/faults.c", '-ldl') == 0 or die 'faults.so';
my $data = "$tmp/data";
make_data($data);
my @run = ('train', '--data', $data, '--layers', '784,16,10',
           '--validation', '50', '--seed', '5');
is(nn(@run, '--epochs', '2', '--out', "$tmp/old.nn")->{status}, 0,
   'a model of 2 epochs');
# The whole new file: epoch 3, resumed in place, without faults.
copy("$tmp/old.nn", "$tmp/new.nn") or die;
is(nn(@run, '--epochs', '3', '--resume', "$tmp/new.nn", '--out',
      "$tmp/new.nn")->{status}, 0, 'and of 3');

# faulty(ENV, ARGS): nn with faults.so preloaded and ENV set.
sub faulty {
  my ($env, @args) = @_;
  local %ENV = (%ENV, LD_PRELOAD => "$tmp/faults.so", %$env);
  return nn(@args);
}
sub temporaries { grep { /\.tmp-/ } files_in($_[0]) }

# The number of calls a save makes: resumed in place, an existing file is
# checked before the first epoch and saved after it.
sub count_calls {
  my (@args) = @_;
  faulty({ NN_FAULT_COUNT => "$tmp/count" }, @args);
  my $n = read_file("$tmp/count") // 0;
  chomp $n;
  return $n;
}
my $place = "$out/m.nn";
my @resume = (@run, '--epochs', '3', '--resume', $place, '--out', $place);
copy("$tmp/old.nn", $place) or die;
my $calls = count_calls(@resume);
cmp_ok($calls, '>=', 10, "a save in place makes $calls calls");

my (@bad, %kinds);
for my $n (1 .. $calls) {
  for my $signal (0, SIGINT, SIGTERM) {
    copy("$tmp/old.nn", $place) or die;
    my $r = faulty({ NN_FAULT_AT => $n, NN_FAULT_SIGNAL => $signal },
                   @resume);
    my $is_old = compare($place, "$tmp/old.nn") == 0;
    my $is_new = compare($place, "$tmp/new.nn") == 0;
    my @left = temporaries($out);
    my $what = $signal ? "signal $signal before call $n" : "call $n fails";
    $kinds{$signal ? 'signal' : $r->{status} ? 'failed' : 'ignored'}++;
    push @bad, "$what: status $r->{status}, signal $r->{signal}, "
               . ($is_old ? 'old' : $is_new ? 'new' : 'OTHER') . " file, "
               . "temporaries: @left; $r->{err}"
      unless ($is_old || $is_new) && !@left
             && ($signal ? $r->{signal} == $signal
                         : $r->{status} == 0 ? $is_new
                                             : $r->{err} =~ /\Ann: .*\n\z/);
  }
}
is_deeply(\@bad, [], 'every failed or interrupted call leaves the old '
          . 'file or the whole new one, and no temporary file')
  or diag(join "\n", @bad);
note("in place: $kinds{failed} calls failed the save, "
     . ($kinds{ignored} // 0) . " failures did not matter "
     . "(the close of an abandoned check or of the directory), "
     . "$kinds{signal} signals");

# A new file: the first save writes the untrained network, then epochs.
my $fresh = "$out/fresh.nn";
my @new = (@run, '--epochs', '2', '--out', $fresh);
$calls = count_calls(@new);
unlink $fresh;
cmp_ok($calls, '>=', 20, "two epochs into a new file make $calls calls");
@bad = ();
for my $n (1 .. $calls) {
  for my $signal (0, SIGINT) {
    unlink $fresh;
    my $r = faulty({ NN_FAULT_AT => $n, NN_FAULT_SIGNAL => $signal }, @new);
    my @left = temporaries($out);
    my $loads = !-e $fresh
                || nn('eval', $fresh, '--data', $data)->{status} == 0;
    push @bad, "call $n, signal $signal: @left; $r->{err}"
      unless $loads && !@left;
  }
}
is_deeply(\@bad, [], 'a new file is absent or loads, and no temporary '
          . 'file is left') or diag(join "\n", @bad);
done_testing();
