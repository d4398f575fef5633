#!/usr/bin/env perl
# The EPUB (make epub, tools/weave epub): woven from the chapters into a
# directory of its own, it must pass epubcheck (which weave runs), hold
# every chapter, every figure of the HTML book as SVG, and code chunks
# whose links all land on an id of the file they name. Skipped, saying
# why, where epubcheck, zip or unzip is missing (make epub installs them;
# CI does too).
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use NNTest;

for my $tool (qw(zip unzip java)) {
  plan skip_all => "$tool is not installed (make epub installs what it needs)"
    if system("command -v $tool >/dev/null") != 0;
}
plan skip_all => 'epubcheck is not installed (make epub installs it)'
  unless -r '/usr/share/java/epubcheck.jar';
plan skip_all => 'the figures are not built (run make first)'
  unless -d 'build/figures';

my ($tmp) = setup();
my @chapters = sort glob 'chapters/*.nw';
my $err = `tools/weave epub $tmp/book.epub build/figures @chapters 2>&1`;
is($?, 0, 'tools/weave epub makes an EPUB that epubcheck passes') or diag($err);
unlike($err, qr/warning/, 'with no warning') or diag($err);
ok(-s "$tmp/book.epub", 'book.epub: ' . (-s "$tmp/book.epub" // 0) . ' bytes');

mkdir "$tmp/x" or die;
system("cd $tmp/x && unzip -q ../book.epub") == 0 or BAIL_OUT('unzip failed');
is(read_file("$tmp/x/mimetype"), 'application/epub+zip', 'its mimetype');
my @pages = sort glob "$tmp/x/EPUB/text/*.xhtml";
my (%ids, %text);
for my $f (@pages) {
  (my $name = $f) =~ s{.*/}{};
  $text{$name} = read_file($f);
  $ids{$name}{$1} = 1 while $text{$name} =~ /\bid="([^"]+)"/g;
}
my $all = join '', values %text;
for my $nw (@chapters) {
  my ($title) = read_file($nw) =~ /^# (?!.*\{\.part)(.+?)(?:\s*\{[^}]*\})?\s*$/m;
  ok(defined $title && index($all, $title) >= 0, "the chapter \"$title\" is in it");
}
my @svg = glob "$tmp/x/EPUB/media/*.svg";
my @figures = grep { !/style\.gp$/ } glob 'figures/*.gp';
ok(@svg >= @figures, scalar(@svg) . ' SVG figures for ' . scalar(@figures)
   . ' figure scripts');
my ($links, @bad) = (0);
for my $name (sort keys %text) {
  while ($text{$name} =~ /<a\b[^>]*\bhref="([^":]*?)#([^"]+)"/g) {
    my ($file, $id) = ($1 eq '' ? $name : $1, $2);
    $links++;
    push @bad, "$name -> $file#$id" unless $ids{$file} && $ids{$file}{$id};
  }
}
ok($links > 1000, "$links links inside the book");
is_deeply(\@bad, [], 'every one lands on an id of the file it names')
  or diag(join "\n", @bad[0 .. ($#bad < 9 ? $#bad : 9)]);
unlike($all, qr/href="[\w.-]+\.html#/, 'no link names an HTML page of the web book');
done_testing();
