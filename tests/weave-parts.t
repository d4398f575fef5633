#!/usr/bin/env perl
# Parts and appendices (tools/pandoc/book.lua): a heading `# Title {.part}`
# before a chapter starts Part I, II, ...; `# Appendices {.part .appendix}`
# starts the appendices, lettered A, B, ... Both books show the parts in
# their contents, and a reference to an appendix reads "Appendix A".
use strict;
use warnings;
use File::Temp qw(tempdir);
use Test::More;

my $dir = tempdir(CLEANUP => 1);
my %chapters = (
    '00-p.nw' => "# Preface {-}\n\nA preface.\n",
    '01-a.nw' => "# Beginnings {.part}\n\n# Alpha {#ch:alpha}\n\n## First\n\n"
               . "The answers are in \@ch:answers.\n",
    '02-b.nw' => "# Middles {.part}\n\n# Beta {#ch:beta}\n\n## Second\n\nText.\n",
    '90-z.nw' => "# Appendices {.part .appendix}\n\n# Answers {#ch:answers}\n\n"
               . "## For alpha {#answers-alpha}\n\nAs \@ch:alpha asked.\n",
);
for my $name (sort keys %chapters) {
    open my $fh, '>', "$dir/$name" or die "$name: $!";
    print $fh $chapters{$name};
    close $fh;
}
mkdir "$dir/fig" or die "$dir/fig: $!";
my @nw = map { "$dir/$_" } sort keys %chapters;
sub slurp { my $f = shift; open my $h, '<', $f or die "$f: $!"; local $/; return <$h> }

my $err = `tools/weave html '$dir/html' '$dir/fig' @nw 2>&1`;
is($?, 0, 'the test book weaves to HTML');
is($err, '', 'without warnings');
my $toc = slurp("$dir/html/index.html");
like($toc, qr{<h3 class="toc-part"><span class="toc-part-number">Part I</span> Beginnings</h3>},
     'the HTML contents show Part I');
like($toc, qr{Part II</span> Middles}, 'and Part II');
like($toc, qr{<h3 class="toc-part">Appendices</h3>}, 'and the appendices, unnumbered');
ok(index($toc, 'Part I</span>') < index($toc, 'Alpha')
   && index($toc, 'Alpha') < index($toc, 'Part II</span>'),
   'each part comes before its chapters');
like($toc, qr{toc-section-number">A</span> Answers}, 'the appendix is lettered A');
like($toc, qr{toc-section-number">A\.1</span> For alpha}, 'its section is A.1');
my $alpha = slurp("$dir/html/01-a.html");
like($alpha, qr{<p class="part-title"><span class="part-number">Part I</span> Beginnings</p>},
     'the first page of a part names it');
like($alpha, qr{<a href="90-z.html#ch:answers">Appendix\xc2\xa0A</a>},
     'a reference to an appendix reads "Appendix A"');
unlike(slurp("$dir/html/02-b.html"), qr{Beginnings}, 'the next chapter does not repeat the part');

SKIP: {
    skip 'pdflatex or pdftotext is not installed', 3
        unless system('command -v pdflatex >/dev/null && command -v pdftotext >/dev/null') == 0;
    $err = `tools/weave pdf '$dir/book.pdf' '$dir/fig' @nw 2>&1`;
    is($?, 0, 'the test book weaves to PDF');
    my $text = `pdftotext '$dir/book.pdf' -`;
    like($text, qr{Part I\s+Beginnings}, 'the PDF has Part I');
    like($text, qr{Appendix A\s+Answers}, 'and Appendix A');
}

# A reference to a chapter, section or figure that does not exist stops
# the weave, naming it, in both books.
open my $bad, '>', "$dir/03-c.nw" or die "$dir/03-c.nw: $!";
print $bad "# Gamma\n\nAs \@sec:nowhere shows.\n";
close $bad;
for my $mode ('html', 'pdf') {
    $err = `tools/weave $mode '$dir/bad-$mode' '$dir/fig' @nw '$dir/03-c.nw' 2>&1`;
    isnt($?, 0, "$mode: a reference to nothing stops the weave");
    like($err, qr{reference \@sec:nowhere names no numbered}, "$mode: and names it");
}
done_testing();
