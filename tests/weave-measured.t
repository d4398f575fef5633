#!/usr/bin/env perl
# Measured numbers in the prose (tools/pandoc/measured.lua): a span
# [0.799]{.measured file=F row=R value="$4"} is woven as the value that
# the build's data file F gives in its row R. First a made-up book with
# data of its own: the woven page has the data's value, not the text's,
# in the text's format, and a missing row stops the weave. Then the book
# itself: for every measured span of every chapter, the value computed
# here from build/data is in the woven HTML page, and the chapter's text
# says the same (when it does not, the prose around the number was
# written for another run: update it).
use strict;
use warnings;
use File::Temp qw(tempdir);
use Test::More;

sub slurp { my $f = shift; open my $h, '<', $f or die "$f: $!"; local $/; return <$h> }
sub spit { my ($f, $t) = @_; open my $h, '>', $f or die "$f: $!"; print $h $t; close $h }

# The value of a span, computed from the data without measured.lua.
sub data_value {
  my ($datadir, $file, $how, $row, $expr, $text) = @_;
  open my $h, '<', "$datadir/$file" or return (undef, "cannot read $datadir/$file");
  my @fields;
  my $line = 0;
  while (<$h>) {
    my @f = split ' ';
    next unless @f;
    $line++ unless $f[0] =~ /^#/;
    if ($how eq 'row' ? $f[0] eq $row : $f[0] !~ /^#/ && $line == $row) {
      @fields = @f;
      last;
    }
  }
  return (undef, "no row $row in $file") unless @fields;
  (my $code = $expr) =~ s/\$(\d+)/($fields[$1 - 1])/g;
  return (undef, "value $expr is not arithmetic") if $code =~ m{[^\d.eE+\-*/()\s]};
  my $v = eval $code;
  return (undef, "cannot compute $expr") unless defined $v;
  my ($decimals) = $text =~ /\.(\d+)/;
  my $s = sprintf('%.' . length($decimals // '') . 'f', $v);
  if ($text =~ /\d[ \x{a0}]\d\d\d/) {
    1 while $s =~ s/^(-?\d+)(\d{3})/$1 $2/;
  }
  return ($s, undef);
}

# --- a made-up book ----------------------------------------------------------
{
  my $dir = tempdir(CLEANUP => 1);
  mkdir "$dir/$_" or die "$dir/$_: $!" for qw(fig data data/run);
  spit("$dir/data/run/result.dat",
       "# k count total accuracy\n0 12 100 0.75\n1 20345 40000 0.8125\n");
  my $nw = "$dir/01-a.nw";
  spit($nw, "# Alpha {#ch:alpha}\n\nIt kept [0.7]{.measured file=run/result.dat"
          . " row=1 value=\"\$4\"} of [1 000]{.measured file=run/result.dat row=1"
          . " value=\"\$2\"}, that is [10.0]{.measured file=run/result.dat row=1"
          . " value=\"100*\$2/\$3\"} %, line [9]{.measured file=run/result.dat"
          . " line=1 value=\"\$1\"}.\n");
  my $err = `WEAVE_DATA='$dir/data' tools/weave html '$dir/html' '$dir/fig' '$nw' 2>&1`;
  is($?, 0, 'a book with measured numbers weaves') or diag($err);
  my $page = -e "$dir/html/01-a.html" ? slurp("$dir/html/01-a.html") : '';
  like($page, qr/It kept 0\.8 of 20\x{a0}345|It kept 0\.8 of 20\xc2\xa0345/,
       'the data\'s values replace the text\'s, with its decimals and grouping');
  like($page, qr/that is 50\.9 %/, 'an expression of the row\'s fields');
  like($page, qr/line 0\./, 'a row by its number, after the comments');
  like($err, qr/the chapter says 0\.7, run\/result\.dat says 0\.8/,
       'weave notes a number that the text has out of date');
  spit($nw, "# Alpha\n\n[1]{.measured file=run/result.dat row=7}\n");
  $err = `WEAVE_DATA='$dir/data' tools/weave html '$dir/html2' '$dir/fig' '$nw' 2>&1`;
  isnt($?, 0, 'a row the data do not have stops the weave');
  like($err, qr/no such row in run\/result\.dat/, 'and says which');
}

# --- the book ----------------------------------------------------------------
my $count = 0;
for my $nw (sort glob 'chapters/*.nw') {
  (my $name = $nw) =~ s{.*/(.*)\.nw$}{$1};
  my $text = slurp($nw);
  my $html = "build/html/$name.html";
  my $page;
  while ($text =~ /\[([^\]]+)\]\{\.measured\s+file=(\S+)\s+(row|line)=(\S+)(?:\s+value="([^"]*)")?\}/g) {
    my ($written, $file, $how, $row, $expr) = ($1, $2, $3, $4, $5 // '$2');
    $page //= -e $html ? slurp($html) : '';
    $count++;
    my ($value, $why) = data_value('build/data', $file, $how, $row, $expr, $written);
    ok(defined $value, "$name: $written ($file, row $row) can be computed")
      or diag($why), next;
    (my $in_html = quotemeta $value) =~ s/\\ /(?: |\xc2\xa0)/g;
    like($page, qr/(?<![\d.])$in_html(?![\d])/,
         "$name: the woven page has $value ($file, row $row, $expr)");
    (my $said = $written) =~ s/\x{a0}|\xc2\xa0/ /g;
    is($said, $value, "$name: the chapter's text says what $file says");
  }
}
ok($count >= 20, "the chapters have measured numbers ($count)");
done_testing();
