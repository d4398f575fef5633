#!/usr/bin/env perl
# tangled/ is generated from the chapters and committed; it must be exactly
# what the chapters tangle to, file for file.
use strict;
use warnings;
use File::Temp qw(tempdir);
use Test::More;

my @chapters = sort glob 'chapters/[0-9][0-9]-*.nw';
ok(@chapters > 0, 'there are chapters');
my $fresh = tempdir(CLEANUP => 1);
is(system('tools/tangle', $fresh, @chapters), 0, 'the chapters tangle');
my $diff = `diff -r tangled $fresh 2>&1`;
is($diff, '', 'tangled/ matches the chapters (run make tangle)');
done_testing();
