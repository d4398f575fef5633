#!/usr/bin/env perl
# tests/yes-no.t: what chapter 10 says of its yes-or-no experiment
# (build/data/yes-no, made by experiments/yes-no.c) holds for this build's
# data: from the ordinary start the binary cross-entropy and the squared
# error of the probability end close together and well above always
# answering yes; from a start sure of no, the cross-entropy beats always
# yes after its first epoch, while the squared error changes no answer in
# its first five epochs and is still far behind after ten; the report's
# confusion matrix is that of the curve's last point.
use strict;
use warnings;
use Test::More;

my $dir = 'build/data/yes-no';
-r "$dir/accuracy.dat" && -r "$dir/report.txt"
  or BAIL_OUT("$dir is not built (run make)");

# $curve[$e] = [cross_entropy, squared_error, cross_entropy_sure,
#               squared_error_sure, always_yes] after epoch $e
my @curve;
open my $fh, '<', "$dir/accuracy.dat" or die "$dir/accuracy.dat: $!";
while (<$fh>) {
  next if /^#/;
  my ($e, @a) = split;
  $curve[$e] = \@a;
}
close $fh;
my $last = $#curve;
cmp_ok($last, '>=', 10, "$last epochs");
my $yes = $curve[0][4];
my $all_no = 1 - $yes;

cmp_ok(abs($curve[$last][0] - $curve[$last][1]), '<=', 0.05,
       'ordinary start: the two losses end within 0.05');
cmp_ok($curve[$last][$_], '>=', $yes + 0.1,
       "ordinary start, loss $_: 0.1 above always yes") for 0, 1;
is($curve[0][$_], sprintf('%.4f', $all_no), "sure of no, loss $_: every "
   . 'answer is no before training') for 2, 3;
cmp_ok($curve[1][2], '>', $yes,
       'sure of no: the cross-entropy beats always yes after one epoch');
is(scalar(grep { $curve[$_][3] == $curve[0][3] } 1 .. 5), 5,
   'sure of no: the squared error changes no answer in five epochs');
cmp_ok($curve[10][2] - $curve[10][3], '>=', 0.1,
       'sure of no: after ten epochs the squared error is 0.1 behind');

# The report's matrix: rows are the true answers, columns the predicted.
open $fh, '<', "$dir/report.txt" or die "$dir/report.txt: $!";
my @rows = map { /^([01]) \S+\s+(\d+)\s+(\d+)$/ ? [$2, $3] : () } <$fh>;
close $fh;
is(scalar @rows, 2, 'the report has a 2x2 confusion matrix');
my $total = $rows[0][0] + $rows[0][1] + $rows[1][0] + $rows[1][1];
is($total, 78, 'it counts the 78 test cars');
is(sprintf('%.4f', ($rows[0][0] + $rows[1][1]) / $total), $curve[$last][0],
   "its accuracy is the curve's last point");
done_testing();
