#!/usr/bin/env perl
# tests/nn-tables.t: the nn command (chapter 12) on tables of numbers, CSV
# files: a regression of the cars' fuel economy that must beat chapter 8's
# least-squares line on the same test cars (read from the build's
# build/data/regression/rmse.dat), a yes-or-no classifier of the cars'
# origin that must beat always answering the larger class, classes, one
# prediction per row, an exact resume, and every malformed table refused
# with one line naming the file, the line and the column.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use File::Compare qw(compare);
use Test::More;
use NNTest;

my ($tmp, $out) = setup();
my $cars = 'build/data/cars';
my ($train, $test) = ("$cars/cars-train.csv", "$cars/cars-test.csv");
-r $train && -r $test or BAIL_OUT("$cars is not built (run make)");
my $work = "$tmp/work";
mkdir $work or die "$work: $!";

sub fails { refused(1, @_) }
sub usage_error { refused(2, @_) }

# The rows of a CSV file, as lists of cells, header first.
sub table {
  my ($path) = @_;
  open my $fh, '<', $path or die "$path: $!";
  my @rows = map { chomp; [split /,/] } <$fh>;
  return @rows;
}
my @test_rows = table($test);
my $test_count = @test_rows - 1;

# --- a regression that beats the line ---------------------------------------
{
  my $r = nn('train', '--data', $train, '--target', 'miles_per_gallon',
             '--out', "$work/cars.nn", '--log', "$work/cars.tsv");
  is($r->{status}, 0, 'train a regression on the cars') or diag($r->{err});
  like($r->{err}, qr/^epoch 200\/200: loss [\d.]+, validation loss [\d.]+, rmse [\d.]+, [\d.]+ s$/m,
       'the progress names the metric, rmse, and the table default of 200 epochs');
  my @log = split /\n/, read_file("$work/cars.tsv") // '';
  is($log[0], "epoch\ttrain_loss\tval_loss\tval_rmse\tseconds",
     'the log names its metric column after the head');
  is(scalar @log, 201, 'the log has a row per epoch');

  $r = nn('eval', "$work/cars.nn", '--data', $test, '--target', 'miles_per_gallon');
  is($r->{status}, 0, 'eval the regression') or diag($r->{err});
  like($r->{out}, qr/\Armse \d+\.\d{4}\n\z/, 'eval prints the RMSE');
  my ($rmse) = $r->{out} =~ /rmse ([\d.]+)/;
  my ($line) = split ' ', (grep { !/^#/ } split /\n/,
                           read_file('build/data/regression/rmse.dat') // '')[0];
  ok(defined $line && $line > 1, "chapter 8's line: $line mpg");
  cmp_ok($rmse, '<', $line, "the network's test RMSE is below the line's");

  $r = nn('predict', "$work/cars.nn", '--csv', $test, '--target', 'miles_per_gallon');
  is($r->{status}, 0, 'predict each test car') or diag($r->{err});
  my @predictions = split /\n/, $r->{out};
  is(scalar @predictions, $test_count, 'one prediction per row');
  is(scalar(grep { /\A\d+\.\d{4}\z/ } @predictions), $test_count,
     'each a number of miles per gallon');
  my $squares = 0;
  $squares += ($predictions[$_ - 1] - $test_rows[$_][0]) ** 2 for 1 .. $test_count;
  ok(abs(sqrt($squares / $test_count) - $rmse) < 0.001,
     'the predictions have the RMSE that eval printed');

  # A table of new cars has no target column: every column is an input.
  open my $fh, '>', "$work/new.csv" or die;
  print $fh join(',', @{$test_rows[0]}[1 .. 7]), "\n";
  print $fh join(',', @{$test_rows[$_]}[1 .. 7]), "\n" for 1 .. 3;
  close $fh or die;
  $r = nn('predict', "$work/cars.nn", '--csv', "$work/new.csv");
  is($r->{status}, 0, 'predict a table without a target column');
  is($r->{out}, join('', map { "$predictions[$_]\n" } 0 .. 2),
     '... the same predictions for the same cars');
}

# --- resuming a table's run gives the model of the straight run -----------
{
  # As for images (tests/nn-files.t), a constant schedule, since a cosine
  # one runs over the epochs of its command line.
  my @run = ('train', '--data', $train, '--target', 'miles_per_gallon',
             '--seed', '3', '--schedule', 'constant');
  my $r1 = nn(@run, '--epochs', '8', '--out', "$work/straight.nn");
  my $r2 = nn(@run, '--epochs', '4', '--out', "$work/half.nn");
  my $r3 = nn(@run, '--epochs', '8', '--resume', "$work/half.nn",
              '--out', "$work/resumed.nn");
  ok($r1->{status} == 0 && $r2->{status} == 0 && $r3->{status} == 0,
     'a table run of 8 epochs, and one of 4 resumed to 8') or diag($r3->{err});
  is(compare("$work/straight.nn", "$work/resumed.nn"), 0,
     'the resumed model is the straight one, byte for byte');
  is(compare("$work/straight.nn", "$work/half.nn"), 1,
     'and it differs from the half-way model');
  usage_error(qr/--task binary: \S+half\.nn was trained for regression/,
              'train', '--data', $train, '--target', 'usa', '--task', 'binary',
              '--epochs', '8', '--resume', "$work/half.nn", '--out', "$out/x.nn");
}

# --- yes or no --------------------------------------------------------------
{
  my $r = nn('train', '--data', $train, '--target', 'usa', '--task', 'binary',
             '--out', "$work/usa.nn");
  is($r->{status}, 0, 'train a yes-or-no classifier') or diag($r->{err});
  $r = nn('eval', "$work/usa.nn", '--data', $test, '--target', 'usa');
  is($r->{status}, 0, 'eval it');
  like($r->{out}, qr/\Aaccuracy [01]\.\d{4}\nconfusion matrix/,
       'the accuracy, then the confusion matrix');
  my ($accuracy) = $r->{out} =~ /\Aaccuracy ([\d.]+)/;
  my $yes = grep { $_->[7] == 1 } @test_rows[1 .. $test_count];
  my $larger = ($yes > $test_count - $yes ? $yes : $test_count - $yes) / $test_count;
  cmp_ok($accuracy, '>', $larger + 0.1,
         sprintf('accuracy above always answering the larger class (%.4f)', $larger));
  my @cells = $r->{out} =~ /^([01]) +(\d+) +(\d+)$/mg;
  is(scalar @cells, 6, 'a 2x2 confusion matrix');
  is($cells[1] + $cells[2] + $cells[4] + $cells[5], $test_count,
     'it counts every test car');
  $r = nn('predict', "$work/usa.nn", '--csv', $test, '--target', 'usa');
  my @lines = split /\n/, $r->{out};
  is(scalar(grep { /\A([01]) (\d\.\d{4})\z/ && ($1 == 1) == ($2 >= 0.5) } @lines),
     $test_count, 'predict: an answer and the probability of yes per row');
}

# --- classes ----------------------------------------------------------------
{
  my $r = nn('train', '--data', $train, '--target', 'cylinders',
             '--task', 'classes', '--epochs', '40', '--out', "$work/cyl.nn");
  is($r->{status}, 0, 'train a classifier of the cylinders') or diag($r->{err});
  $r = nn('eval', "$work/cyl.nn", '--data', $test, '--target', 'cylinders');
  like($r->{out}, qr/\Aaccuracy (0\.[89]|1\.0)\d*\n/,
       'it tells the cylinders from the rest of a car') or diag($r->{out});
}

# --- usage errors -----------------------------------------------------------
my @cars = ('--data', $train, '--out', "$out/x.nn");
usage_error(qr/train: --target is required; see nn train --help/, 'train', @cars);
usage_error(qr/--task: unknown task "ranking"; .*regression.*/,
            'train', @cars, '--target', 'usa', '--task', 'ranking');
usage_error(qr/--target and --task are for a table of numbers, a \.csv --data; \S+ holds images/,
            'train', '--data', "$tmp/images", '--target', 'usa', '--out', "$out/x.nn");
usage_error(qr/--layers: \S+ has 7 features and, for --task regression, 1 output: the sizes must go from 7 to 1/,
            'train', @cars, '--target', 'weight', '--layers', '8,4,1');
usage_error(qr/--shift moves images; \S+ is a table/,
            'train', @cars, '--target', 'usa', '--shift', '1');
usage_error(qr/predict: give an IMAGE\.pgm or --csv TABLE\.csv, one of them; see nn predict --help/,
            'predict', "$work/cars.nn");
usage_error(qr/predict: give an IMAGE\.pgm or --csv TABLE\.csv, not both; see nn predict --help/,
            'predict', "$work/cars.nn", "$work/a.pgm", '--csv', $test);

# --- models that do not fit the table ---------------------------------------
fails(qr/\S+cars\.nn: the network takes 7 inputs, but \S+ has 8 columns that are not --target/,
      'predict', "$work/cars.nn", '--csv', $test);
fails(qr/\S+cars-test\.csv:1: no column is called mpg/,
      'predict', "$work/cars.nn", '--csv', $test, '--target', 'mpg');
fails(qr/\S+cars-test\.csv:2: column 1 \(miles_per_gallon\): \d+ is not 0 or 1/,
      'eval', "$work/usa.nn", '--data', $test, '--target', 'miles_per_gallon');
fails(qr/\S+cars\.nn: the network maps 7 inputs to 1 outputs, not 784 pixels to 10 classes/,
      'eval', "$work/cars.nn", '--data', "$tmp/images");

# --- malformed tables: one line naming the file, the line and the column ----
my %bad = (
  'text'    => ["a,b,y\n1,2,3\n4,x,6\n",   qr/text\.csv:3: column 2 \(b\): "x" is not a number/],
  'missing' => ["a,b,y\n1,2,3\n4,,6\n",    qr/missing\.csv:3: column 2 \(b\): the value is missing/],
  'short'   => ["a,b,y\n1,2,3\n4,5\n",     qr/short\.csv:3: column 3 \(y\): the row ends after 2 cells; the header has 3/],
  'long'    => ["a,b,y\n1,2,3\n4,5,6,7\n", qr/long\.csv:3: column 4: the row has 4 cells; the header has 3/],
  'empty'   => ["",                        qr/empty\.csv:1: the file is empty; .*/],
  'header'  => ["a,b,y\n",                 qr/header\.csv:1: the file has a header and no rows/],
  'nan'     => ["a,b,y\n1,nan,3\n4,5,6\n", qr/nan\.csv:2: column 2 \(b\): "nan" is not a number/],
  'unknown' => ["a,b,c\n1,2,3\n4,5,6\n",   qr/unknown\.csv:1: no column is called "y"; the columns are a, b, c/],
  'class'   => ["a,b,y\n1,2,0\n4,5,2\n",   qr/class\.csv:3: column 3 \(y\): 2 is not 0 or 1/],
);
for my $name (sort keys %bad) {
  my ($text, $message) = @{$bad{$name}};
  write_file("$tmp/$name.csv", $text);
  fails(qr/\S*(?:$message)/, 'train', '--data', "$tmp/$name.csv", '--target', 'y',
        '--task', 'binary', '--out', "$out/m.nn");
}
fails(qr/\S+none\.csv: cannot open: No such file or directory/,
      'train', '--data', "$tmp/none.csv", '--target', 'y', '--out', "$out/m.nn");
write_file("$tmp/text.csv", $bad{text}[0]);
fails(qr/\S*text\.csv:3: column 2 \(b\): "x" is not a number/,
      'eval', "$work/cars.nn", '--data', "$tmp/text.csv", '--target', 'y');
fails(qr/\S*text\.csv:3: column 2 \(b\): "x" is not a number/,
      'predict', "$work/cars.nn", '--csv', "$tmp/text.csv");

done_testing();
