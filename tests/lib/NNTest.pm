# tests/lib/NNTest.pm: what the tests of the nn command (chapter 12) share:
# a tiny data set written as IDX files, and running nn with its exit status
# and output captured. A test uses it with
#   use FindBin; use lib "$FindBin::Bin/lib"; use NNTest;
#   my ($tmp, $out) = setup();
package NNTest;
use strict;
use warnings;
use Exporter qw(import);
use File::Temp qw(tempdir);
use Test::More;

our @EXPORT = qw(setup image idx_images idx_labels @data_files make_data
                 write_file read_file nn files_in refused);

# NN_BINARY may name another build of nn, such as one with sanitizers.
my $nn = $ENV{NN_BINARY} // 'build/nn';
my ($tmp, $out);

# setup(BINARY): stops the tests unless nn (or BINARY, if given: another
# build of it) is built; returns a temporary directory and, inside it, the
# empty directory $out where output files go, which must be empty again
# after every failure.
sub setup {
  $nn = $_[0] if @_;
  -x $nn or BAIL_OUT("$nn is not built (run make)");
  $tmp = tempdir(CLEANUP => 1);
  $out = "$tmp/out";
  mkdir $out or die "$out: $!";
  return ($tmp, $out);
}

sub write_file {
  my ($path, $bytes) = @_;
  open my $fh, '>:raw', $path or die "$path: $!";
  print $fh $bytes;
  close $fh or die "$path: $!";
}
sub read_file {
  my ($path) = @_;
  open my $fh, '<:raw', $path or return undef;
  local $/;
  return scalar <$fh>;
}
sub files_in { opendir my $d, $_[0] or die; grep { !/^\.\.?$/ } readdir $d }

# --- a tiny data set -------------------------------------------------------
# 28x28 images in 10 classes that a small network tells apart easily: class
# k is a bright 6x6 square at a place of its own, on faint deterministic noise.
sub image {
  my ($class, $n) = @_;
  my @p = map { ($n * 7919 + $_ * 104729) % 40 } 0 .. 783;
  my ($top, $left) = (3 + 12 * int($class / 5), 1 + 5 * ($class % 5));
  for my $r ($top .. $top + 5) {
    $p[$r * 28 + $_] = 200 + $n % 56 for $left .. $left + 5;
  }
  return pack 'C*', @p;
}
sub idx_images { pack('C4 N3', 0, 0, 8, 3, scalar @_, 28, 28) . join '', @_ }
sub idx_labels { pack('C4 N', 0, 0, 8, 1, scalar @_) . pack('C*', @_) }

# make_data(DIR, NAME => BYTES...): writes 200 training images (labels 0..9
# in turn) and 100 test images into DIR as the four files of @data_files,
# except those that the arguments replace (to spoil them); returns a
# reference to the hash of every file's name and bytes.
our @data_files = qw(train-images-idx3-ubyte train-labels-idx1-ubyte
                     t10k-images-idx3-ubyte t10k-labels-idx1-ubyte);
sub make_data {
  my ($dir, %replace) = @_;
  mkdir $dir or die "$dir: $!";
  my @train = map { $_ % 10 } 0 .. 199;
  my @test = map { ($_ * 3) % 10 } 0 .. 99;
  my %files = (
    $data_files[0] => idx_images(map { image($train[$_], $_) } 0 .. $#train),
    $data_files[1] => idx_labels(@train),
    $data_files[2] =>
      idx_images(map { image($test[$_], 1000 + $_) } 0 .. $#test),
    $data_files[3] => idx_labels(@test),
    %replace);
  write_file("$dir/$_", $files{$_}) for keys %files;
  return \%files;
}

# --- running nn ------------------------------------------------------------
# nn(ARGS): runs nn; returns its exit status, signal, stdout, stderr.
sub nn {
  my @args = @_;
  my $pid = fork // die "fork: $!";
  if ($pid == 0) {
    open STDOUT, '>', "$tmp/stdout" or die;
    open STDERR, '>', "$tmp/stderr" or die;
    alarm 60;   # kept across exec: a program that hangs is killed
    exec $nn, @args or exit 127;
  }
  waitpid $pid, 0;
  return { status => $? >> 8, signal => $? & 127,
           out => read_file("$tmp/stdout"), err => read_file("$tmp/stderr") };
}

# refused(STATUS, PATTERN, ARGS): the exit status, one line "nn: ..." on
# stderr matching PATTERN, nothing on stdout, nothing left in $out.
sub refused {
  my ($status, $pattern, @args) = @_;
  my $r = nn(@args);
  my $name = join(' ', map { $_ eq '' ? "''" : $_ } @args) || '(no arguments)';
  $name =~ s/\Q$tmp\E/TMP/g;
  subtest "nn $name" => sub {
    is($r->{signal}, 0, 'no crash');
    is($r->{status}, $status, "exit status $status");
    like($r->{err}, qr/\Ann: (?:$pattern)\n\z/, 'one line on stderr')
      or diag("stderr: $r->{err}");
    is($r->{out}, '', 'nothing on stdout');
    is_deeply([files_in($out)], [], 'no output file');
  };
  unlink map { "$out/$_" } files_in($out);
}

1;
