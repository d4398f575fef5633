#!/usr/bin/env perl
# tools/deps: silent when everything is installed; when a package is missing
# and it cannot install (not root, no password-less sudo), one line that
# names the exact command to run, and a non-zero exit.
use strict;
use warnings;
use File::Temp qw(tempdir);
use Test::More;

my $out = `tools/deps make 2>&1`;
is($?, 0, 'installed packages: success');
is($out, '', 'installed packages: nothing printed');

SKIP: {
  skip 'needs root to run as another user', 3 unless $> == 0 && -x '/usr/sbin/runuser';
  # A copy that user nobody can run, wherever this tree was cloned.
  my $dir = tempdir(CLEANUP => 1);
  chmod 0755, $dir;
  system('cp', 'tools/deps', "$dir/deps") == 0 or die "cp: $!";
  my $missing = 'nn-book-no-such-package';
  $out = `cd / && runuser -u nobody -- $dir/deps make $missing 2>&1`;
  isnt($?, 0, 'a missing package without root: failure');
  like($out, qr/^make: missing Debian packages; run: sudo apt-get update && sudo apt-get install -y --no-install-recommends $missing$/,
       'one line with the command to run');
  is(scalar(() = $out =~ /\n/g), 1, 'exactly one line');
}
done_testing();
