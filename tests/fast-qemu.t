#!/usr/bin/env perl
# Chapter 13's kernels are chosen at run time by asking the processor. Its
# checkpoint must pass on processors without AVX-512 and without AVX2 too:
# run it under qemu-x86_64 (package qemu-user) as a Haswell (AVX2, no
# AVX-512) and as a Nehalem (SSE only). Both run at once, with --small,
# which leaves out the checkpoint's two largest multiplies: under
# emulation they alone would take ten minutes. Skipped when qemu-x86_64 is not installed or
# the machine is not x86-64.
use strict;
use warnings;
use Test::More;

my $checkpoint = 'build/check/13-fast';
my $qemu = `command -v qemu-x86_64 2>/dev/null`;
chomp $qemu;
my $arch = `uname -m`;
chomp $arch;
plan skip_all => 'qemu-x86_64 is not installed (apt-get install qemu-user)'
  if $qemu eq '';
plan skip_all => "this machine is $arch, not x86_64" if $arch ne 'x86_64';
plan skip_all => "$checkpoint is not built" unless -x $checkpoint;

my %expect = (Haswell => 'AVX2 and FMA', Nehalem => 'portable C');
my %pid;
for my $cpu (sort keys %expect) {
  my $pid = fork // die "fork: $!";
  if ($pid == 0) {
    open STDOUT, '>', "build/qemu-$cpu.tap" or die "build/qemu-$cpu.tap: $!";
    open STDERR, '>', '/dev/null';
    exec $qemu, '-cpu', $cpu, $checkpoint, '--small' or exit 127;
  }
  $pid{$cpu} = $pid;
}
for my $cpu (sort keys %expect) {
  waitpid $pid{$cpu}, 0;
  my $status = $?;
  open my $f, '<', "build/qemu-$cpu.tap" or die "build/qemu-$cpu.tap: $!";
  my @lines = <$f>;
  close $f;
  my @failed = grep { /^not ok/ } @lines;
  my ($plan) = grep { /^1\.\.\d+/ } @lines;
  is($status, 0, "$cpu: the checkpoint exits with 0");
  ok(defined $plan && !@failed, "$cpu: every test passes"
     . (@failed ? ": $failed[0]" : ''));
  ok((grep { /micro-kernel: \Q$expect{$cpu}\E;/ } @lines),
     "$cpu: the micro-kernel is $expect{$cpu}");
}
done_testing();
