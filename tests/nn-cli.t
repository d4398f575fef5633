#!/usr/bin/env perl
# tests/nn-cli.t: the nn command (chapter 12) from outside. Every
# subcommand's --help and success path, and the usage errors (exit status 2,
# one line on stderr, nothing on stdout, no output file). Runs build/nn on a
# tiny data set written as IDX files (tests/lib/NNTest.pm), so that each
# run is quick.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use IO::Compress::Gzip qw(gzip $GzipError);
use List::Util qw(sum);
use Test::More;
use NNTest;

my ($tmp, $out) = setup();

# The tiny data set of NNTest, with the test images and labels gzipped.
my $data = "$tmp/data";
my $files = make_data($data);
for my $name (@data_files[2, 3]) {
  gzip(\$files->{$name} => "$data/$name.gz") or die $GzipError;
  unlink "$data/$name" or die "$data/$name: $!";
}

# usage_error(PATTERN, ARGS): exit 2, stderr exactly "nn: ...\n" matching.
sub usage_error { refused(2, @_) }

my @small = ('--data', $data, '--layers', '784,16,10', '--validation', '50',
             '--out', "$out/m.nn");

# --- help ------------------------------------------------------------------
{
  my $r = nn('--help');
  is($r->{status}, 0, 'nn --help succeeds');
  like($r->{out}, qr/^usage: nn COMMAND/, 'nn --help prints the usage');
  like($r->{out}, qr/^  nn $_ /m, "nn --help lists $_")
    for qw(train eval predict show);
  is($r->{err}, '', 'nn --help: nothing on stderr');
  for my $command (qw(train eval predict show)) {
    $r = nn($command, '--help');
    ok($r->{status} == 0 && $r->{err} eq ''
       && $r->{out} =~ /^usage: nn $command /, "nn $command --help");
  }
  $r = nn('train', '-h');
  like($r->{out}, qr/^  --layers +.*\(default 784,512,256,10\)$/m,
       'nn train -h shows the default layers (chapter 9\'s recipe)');
  like($r->{out}, qr/^  --opt +.*\(default adamw\)$/m, '... the optimizer');
  like($r->{out}, qr/^  --lr +.*\(default: the optimizer's\)$/m,
       '... and that the learning rate is the optimizer\'s own');
  like($r->{out}, qr/^  --schedule +.*\(default cosine\)$/m, '... the schedule');
}

# --- usage errors ----------------------------------------------------------
usage_error(qr/no command; see nn --help/);
usage_error(qr/unknown command 'frobnicate'; see nn --help/, 'frobnicate');
usage_error(qr/train: unknown option --frobnicate; see nn train --help/,
            'train', @small, '--frobnicate', '1');
usage_error(qr/train: unknown option -x; see nn train --help/, 'train', '-x');
usage_error(qr/train: --log needs a value/, 'train', @small, '--log');
usage_error(qr/train: --data needs a value/, 'train', '--data', '--out', 'x');
usage_error(qr/train: --data is required; see nn train --help/,
            'train', '--out', "$out/m.nn");
usage_error(qr/train: --out is required; see nn train --help/,
            'train', '--data', $data);
usage_error(qr/train: unexpected argument 'extra'; see nn train --help/,
            'train', @small, 'extra');
usage_error(qr/--lr: 'abc' is not a number/, 'train', @small, '--lr', 'abc');
usage_error(qr/--lr: '' is not a number/, 'train', @small, '--lr', '');
usage_error(qr/--lr: 'nan' is out of range \(1e-06 to 10\)/,
            'train', @small, '--lr', 'nan');
usage_error(qr/--lr: '1e999' is out of range \(1e-06 to 10\)/,
            'train', @small, '--lr', '1e999');
usage_error(qr/--epochs: '-1' is out of range \(1 to 1000000\)/,
            'train', @small, '--epochs', '-1');
usage_error(qr/--epochs: '2x' is not a whole number/,
            'train', @small, '--epochs', '2x');
usage_error(qr/--epochs: '99999999999999999999' is out of range \(1 to 1000000\)/,
            'train', @small, '--epochs', '99999999999999999999');
usage_error(qr/--batch: '0' is out of range \(1 to 65536\)/,
            'train', @small, '--batch', '0');
usage_error(qr/--seed: '-5' is out of range \(0 to \d+\)/,
            'train', @small, '--seed', '-5');
usage_error(qr/--layers: '784,,10': size 2 is missing/,
            'train', @small, '--layers', '784,,10');
usage_error(qr/--layers: '784,16,10,': size 4 is missing/,
            'train', @small, '--layers', '784,16,10,');
usage_error(qr/--layers: '784,sixteen,10': size 2 is not a positive number/,
            'train', @small, '--layers', '784,sixteen,10');
usage_error(qr/--layers 100,16,10: the first size must be 784, the pixels of a 28x28 image/,
            'train', @small, '--layers', '100,16,10');
usage_error(qr/--layers 784,16,9: the last size must be 10, the number of classes/,
            'train', @small, '--layers', '784,16,9');
usage_error(qr/--layers 784: give at least two sizes, the inputs and the outputs/,
            'train', @small, '--layers', '784');
usage_error(qr/--act: .*'?bogus'?.*/, 'train', @small, '--act', 'bogus');
usage_error(qr/--opt: .*'?bogus'?.*/, 'train', @small, '--opt', 'bogus');
usage_error(qr/--schedule: .*'?bogus'?.*/, 'train', @small, '--schedule', 'bogus');
usage_error(qr/--validation 200: \S+ has only 200 training examples/,
            'train', @small, '--validation', '200');
usage_error(qr/eval: missing arguments; usage: nn eval FILE --data \S+.*/, 'eval');
usage_error(qr/eval: unexpected argument 'two'; see nn eval --help/,
            'eval', 'one', 'two', '--data', $data);
usage_error(qr/eval: --data is required; see nn eval --help/, 'eval', 'm.nn');
usage_error(qr/predict: give an IMAGE\.pgm or --csv TABLE\.csv, one of them; see nn predict --help/,
            'predict', 'm.nn');
usage_error(qr/show: --index is required; see nn show --help/,
            'show', '--data', $data);
usage_error(qr/--set: 'middle' is neither train nor test/,
            'show', '--data', $data, '--set', 'middle', '--index', '0');
usage_error(qr/--index: '-1' is out of range \(0 to \d+\)/,
            'show', '--data', $data, '--index', '-1');
usage_error(qr/--index 100: the test set of \S+ has 100 images/,
            'show', '--data', $data, '--index', '100');

# --- train, eval, predict, show --------------------------------------------
my $model = "$tmp/model.nn";
my $log = "$tmp/model.tsv";
{
  # Plain SGD at a constant rate (its own default, 0.1) learns the 150 easy
  # images in three epochs, through the recipe's dropout and shifts; the
  # recipe's AdamW and cosine schedule are made for runs of many more steps.
  my $r = nn('train', @small, '--epochs', '3', '--opt', 'sgd', '--batch', '64',
             '--schedule', 'constant', '--out', $model, '--log', $log);
  is($r->{status}, 0, 'train succeeds') or diag($r->{err});
  is($r->{out}, '', 'train: nothing on stdout');
  my @lines = split /\n/, $r->{err};
  is(scalar @lines, 3, 'train: one line per epoch on stderr (not a terminal)');
  like($lines[$_ - 1], qr/^epoch $_\/3: loss \d+\.\d{4}, validation loss \d+\.\d{4}, accuracy [01]\.\d{4}, \d+\.\d s$/,
       "train: the line of epoch $_") for 1 .. 3;
  ok(-s $model, 'train writes the model file');
  is(sprintf('%o', (stat $model)[2] & 07777), sprintf('%o', 0666 & ~umask),
     'the model file has the permissions of a new file (0666 less the umask)');
  my @rows = split /\n/, read_file($log) // '';
  is(shift @rows, "epoch\ttrain_loss\tval_loss\tval_accuracy\tseconds",
     'the log starts with its header');
  is(scalar @rows, 3, 'the log has a row per epoch');
  like($rows[$_ - 1], qr/^$_\t\d+\.\d{6}\t\d+\.\d{6}\t[01]\.\d{6}\t\d+\.\d{3}$/,
       "log row $_") for 1 .. 3;
  my @files = sort(files_in($tmp));
  ok(!grep(/\.tmp/, @files), 'no temporary file is left') or diag("@files");
}
{
  my $r = nn('eval', $model, '--data', $data);
  is($r->{status}, 0, 'eval succeeds') or diag($r->{err});
  is($r->{err}, '', 'eval: nothing on stderr');
  my ($first) = split /\n/, $r->{out};
  like($first, qr/^accuracy [01]\.\d{4}$/, 'eval: the first line is the accuracy');
  my ($accuracy) = $first =~ /([\d.]+)$/;
  cmp_ok($accuracy, '>=', 0.9, 'the easy test set is learned') or diag($r->{out});
  ok(length($r->{out}) > length($first) + 1, 'eval: a report follows');
}
{
  # The same test image as P2 and as P5, and P2 with maxval 255 in comments.
  my @pixels = unpack 'C*', image(7, 1000);
  write_file("$tmp/seven.pgm", "P5\n28 28\n255\n" . pack('C*', @pixels));
  my $plain = "P2\n# test image, class 7\n28 28\n255\n";
  $plain .= join(' ', @pixels[$_ * 28 .. $_ * 28 + 27]) . "\n" for 0 .. 27;
  write_file("$tmp/seven-plain.pgm", $plain);
  my $raw = nn('predict', $model, "$tmp/seven.pgm");
  is($raw->{status}, 0, 'predict a P5 image') or diag($raw->{err});
  is($raw->{err}, '', 'predict: nothing on stderr');
  my @lines = split /\n/, $raw->{out};
  is($lines[0], 'class 7', 'predict finds class 7');
  is(scalar @lines, 11, 'then one line per class');
  my @p = map { /^\d (\d\.\d{4})$/ ? $1 : -1 } @lines[1 .. 10];
  ok(!grep({ $_ < 0 } @p), 'each class with its probability');
  cmp_ok(abs(sum(@p) - 1), '<', 0.002, 'the probabilities sum to 1');
  my $plain_run = nn('predict', $model, "$tmp/seven-plain.pgm");
  is($plain_run->{status}, 0, 'predict a P2 image');
  is($plain_run->{out}, $raw->{out}, 'P2 and P5 of one image: the same answer');
  my $named = nn('predict', $model, "$tmp/seven.pgm", '--data', 'fashion');
  like($named->{out}, qr/\Aclass 7 Sneaker\n0 \d\.\d{4} T-shirt\/top\n/,
       'predict --data fashion names the classes');
}
{
  my $r = nn('show', '--data', $data, '--index', '3');
  is($r->{status}, 0, 'show succeeds') or diag($r->{err});
  is($r->{err}, '', 'show: nothing on stderr');
  my @lines = split /\n/, $r->{out};
  is($lines[0], 'test image 3, label 9', 'show: the image and its label');
  is(scalar @lines, 29, 'show: 28 lines of picture (not a terminal)');
  ok(!grep({ !/^[ .:\-=+*#%@]{56}$/ } @lines[1 .. 28]),
     'show: ASCII shades, two characters per pixel');
  $r = nn('show', '--data', $data, '--set', 'train', '--index', '5',
          '--model', $model, '--pgm', "$tmp/five.pgm");
  is($r->{status}, 0, 'show --model --pgm succeeds') or diag($r->{err});
  like($r->{out}, qr/\Atrain image 5, label 5\n/, 'show --set train');
  like($r->{out}, qr/\nmodel: 5 \(probability [01]\.\d{4}\)\n\z/,
       'show --model: the prediction');
  is(read_file("$tmp/five.pgm"), "P5\n28 28\n255\n" . image(5, 5),
     'show --pgm writes the image as P5');
  my $back = nn('predict', $model, "$tmp/five.pgm");
  like($back->{out}, qr/\Aclass 5\n/, 'and predict reads it back');
}
# Every optimizer that nn train --help offers trains: each starts from its
# own defaults (Adam with a beta2 or an epsilon of 0 would be refused), with
# the recipe's layers. The names come from the help, which chapter 12 writes
# from the optimizer table.
my ($offered) = nn('train', '--help')->{out} =~ /^  --opt +(.*?) \(default/m;
my @optimizers = split /, | or /, $offered // '';
is("@optimizers", 'sgd momentum nesterov adam adamw adagrad rmsprop',
   'train --help offers the optimizers of the table');
for my $opt (@optimizers) {
  my $r = nn('train', @small, '--epochs', '1', '--opt', $opt,
             '--out', "$tmp/$opt.nn");
  ok($r->{status} == 0 && -s "$tmp/$opt.nn", "train --opt $opt")
    or diag($r->{err});
}
# --l1 is an optimizer setting: checked like --weight-decay, saved with it.
usage_error(qr/--l1: '-1' is out of range \(0 to 1\)/, 'train', @small,
            '--l1', '-1');
usage_error(qr/--l1: 'lots' is not a number/, 'train', @small, '--l1', 'lots');
{
  my $r = nn('train', @small, '--epochs', '1', '--opt', 'sgd', '--l1',
             '0.01', '--out', "$tmp/l1.nn");
  ok($r->{status} == 0 && -s "$tmp/l1.nn", 'train --l1 0.01') or diag($r->{err});
}
done_testing();
