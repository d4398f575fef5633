#!/usr/bin/env perl
# tools/tangle stops the build, naming the chunk and the chapter line, when a
# chunk is used but never defined or defined but never used.
use strict;
use warnings;
use File::Temp qw(tempdir);
use Test::More;

my $dir = tempdir(CLEANUP => 1);
sub write_file { my ($name, $text) = @_;
  open my $fh, '>', "$dir/$name" or die "$name: $!"; print $fh $text; close $fh; }
sub tangle { my $out = `tools/tangle $dir/out @_ 2>&1`; return ($? >> 8, $out); }

write_file('01-a.nw', "Text.\n<<lib/a.c>>=\nint a;\n<<missing part>>\n@\n");
my ($status, $out) = tangle("$dir/01-a.nw");
isnt($status, 0, 'an undefined chunk fails');
like($out, qr{01-a\.nw:4: chunk <<missing part>> is used but never defined},
     'the message names the chunk, the chapter and the line');
ok(!-e "$dir/out/lib/a.c", 'no partial file is left behind');

write_file('02-b.nw', "Text.\n<<lib/b.c>>=\nint b;\n@\n<<helper>>=\nint h;\n@\n");
($status, $out) = tangle("$dir/02-b.nw");
isnt($status, 0, 'a chunk that nothing uses fails');
like($out, qr{02-b\.nw:5: chunk <<helper>> is defined but never used},
     'the message names the chunk, the chapter and the line');

write_file('03-c.nw', "<<lib/c.c>>=\nint c;\n<<part>>\n@\n<<part>>=\nint d;\n@\n");
($status, $out) = tangle("$dir/03-c.nw");
is($status, 0, 'a correct chapter tangles');
open my $fh, '<', "$dir/out/lib/c.c" or die; local $/; my $c = <$fh>;
is($c, "int c;\nint d;\n", 'into the expected file');

# Files that are no longer roots go; every root stays, however many there are.
my $many = join '', map { "<<lib/f$_.c>>=\nint f$_;\n@\n" } 1 .. 120;
write_file('04-d.nw', $many);
open my $stale, '>', "$dir/out/lib/stale.c" or die; close $stale;
($status, $out) = tangle("$dir/04-d.nw");
is($status, 0, 'a chapter with 120 roots tangles');
ok(!-e "$dir/out/lib/stale.c", 'a file that is no longer a root is removed');
is(scalar(() = glob("$dir/out/lib/f*.c")), 120, 'all 120 roots are there');
done_testing();
