#!/usr/bin/env perl
# tools/nw2md links an identifier (@ %def) where code uses it, but not where
# the word only appears in a C comment or a string or character literal: such
# a word is no link, and it makes no use in the notes under the chunk or in
# the index.
use strict;
use warnings;
use Cwd qw(getcwd);
use File::Temp qw(tempdir);
use Test::More;

my $dir = tempdir(CLEANUP => 1);
my $nw = <<'NW';
Prose.
<<t.c>>=
<<define helper>>
<<call helper>>
<<mention helper>>
<<open comment>>
<<after open comment>>
@

<<define helper>>=
static int helper(void) { return 1; }
@ %def helper

<<call helper>>=
int call(void)
{
    char q = '"';               /* the helper after a quote */
    int a = 6, b = 3;
    int r = a / b + helper();   // not a helper comment
    /* helper */ r += helper();
    puts("a \"quoted\" helper");
    <<part>>
    return r + q;
}
@

<<part>>=
r += 0;
@

<<mention helper>>=
/* A comment about helper that
   names helper on its second line */
const char *s = "helper";
char c = 'h';  // helper
@

<<open comment>>=
/* a comment left open: helper
@

<<after open comment>>=
int after(void) { return helper(); }
@
NW
open my $fh, '>', "$dir/01-t.nw" or die "01-t.nw: $!";
print $fh $nw;
close $fh;

mkdir "$dir/md" or die "$dir/md: $!";
my $backend = getcwd() . '/tools/nw2md';
my $err = `NW2MD_DIR='$dir/md' noweave -n -index -backend '$backend' '$dir/01-t.nw' 2>&1`;
is($?, 0, 'the test chapter weaves');
is($err, '', 'without warnings');

sub slurp { my $f = shift; open my $h, '<', $f or die "$f: $!"; local $/; return <$h> }
my $md = slurp("$dir/md/01-t.md");
my $index = slurp("$dir/md/code-index.md");

# The chunks are numbered in order: 1 t.c, 2 define helper, 3 call helper,
# 4 part, 5 mention helper, 6 open comment, 7 after open comment.
my %html = $md =~ /<div class="nwchunk" id="([^"]*)">\n(.*?)\n<\/div>\n/sg;
my (%html_of, %tex_of);
for my $label (keys %html) {
    my ($n) = $html{$label} =~ /<a class="nwtag" href="#\Q$label\E">(\d+)</ or next;
    $html_of{$n} = $html{$label};
}
for my $tex ($md =~ /(\\NWbegin.*?\\NWend)/sg) {
    my ($n) = $tex =~ /^\\NWbegin\{[^}]*\}\{(\d+)\}/ or next;
    $tex_of{$n} = $tex;
}
is_deeply([ sort { $a <=> $b } keys %html_of ], [ 1 .. 7 ], 'seven chunks in HTML');
is_deeply([ sort { $a <=> $b } keys %tex_of ], [ 1 .. 7 ], 'seven chunks in LaTeX');

# Links to helper, counting those around a highlighted word.
sub html_links { my $n = shift;
  scalar(() = $html_of{$n} =~ m{<a class="nwid"[^>]*>(?:<span [^>]*>)?helper(?:</span>)?</a>}g) }
sub tex_links  { my $n = shift;
  scalar(() = $tex_of{$n} =~ /\\NWid\{[^}]*\}\{(?:\\NW\w+\{)?helper\}/g) }
sub html_uses  { my $n = shift; $html_of{$n} =~ /<p>Uses [^<]*<code>helper<\/code>/ }
sub tex_uses   { my $n = shift; $tex_of{$n} =~ /Uses [^}]*\\texttt\{helper\}/ }

is(html_links(3), 2, 'HTML: the two calls are links');
is(tex_links(3), 2, 'LaTeX: the two calls are links');
ok(html_uses(3) && tex_uses(3), 'a chunk that calls it uses it');
like($html_of{3}, qr{<span class="co">/\* the helper after a quote \*/</span>},
     'HTML: a comment after a character literal stays one comment');
like($html_of{3}, qr{<span class="co">// not a helper comment</span>},
     'HTML: a // comment is no link');
like($html_of{3}, qr{<span class="st">&quot;a \\&quot;quoted\\&quot; helper&quot;</span>},
     'HTML: a string with escaped quotes is no link');
like($tex_of{3}, qr!\\NWco\{/\* the helper after a quote \*/\}!,
     'LaTeX: the comment is one comment');
like($html_of{3}, qr{<a class="nwuse" href="#[^"]*">&#x27E8;part <span class="nwnum">4</span>},
     'HTML: a chunk reference in code still links');
like($tex_of{3}, qr!\\NWuse\{[^}]*\}\{part\}\{4\}!, 'LaTeX: so does the chunk reference');

is(html_links(5), 0, 'HTML: comments over two lines, strings, characters are no links');
is(tex_links(5), 0, 'LaTeX: nor are they there');
like($html_of{5}, qr{<span class="co">   names helper on its second line \*/</span>},
     'the second line of a comment is still a comment');
ok(!html_uses(5) && !tex_uses(5), 'a chunk that only mentions it does not use it');

is(html_links(6), 0, 'a comment left open is no link');
is(html_links(7), 1, 'the next chunk starts outside any comment');
is(tex_links(7), 1, 'in LaTeX too');
ok(html_uses(7) && tex_uses(7), 'and uses the identifier');

like($html_of{2}, qr{Defines <code>helper</code>, used in chunks <a [^>]*>3</a> and <a [^>]*>7</a>\.},
     'HTML: the definition is used in chunks 3 and 7 only');
like($tex_of{2}, qr!Defines \\texttt\{helper\}, used in chunks \\hyperlink\{[^}]*\}\{3\} and \\hyperlink\{[^}]*\}\{7\}\.!,
     'LaTeX: the same');
my ($entry) = $index =~ /(<li id="nwix\.helper">.*?<\/li>)/;
like($entry // '', qr{defined in <a [^>]*>2</a>; used in <a [^>]*>3</a> and <a [^>]*>7</a></li>},
     'the index lists chunks 3 and 7 as its uses');
done_testing();
