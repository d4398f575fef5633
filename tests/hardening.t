#!/usr/bin/env perl
# tests/hardening.t: how nn treats the files around it and numbers that go
# bad (issue 14, one block per row of its table): a diverging run stops at
# its first non-finite loss and keeps the old model; NaN and infinite
# numbers in a model file are refused; an existing --out is replaced only
# by a trained epoch; only regular files are read or replaced (FIFOs,
# devices, symbolic and hard links); a PGM write that fails removes
# nothing; a file-size limit during a save is an error message, not a
# killing signal; gzip IDX files with a lying header or junk after the
# stream are refused before their pixels are read.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Compress::Zlib qw(crc32 compress memGzip);
use File::Compare qw(compare);
use File::Copy qw(copy);
use POSIX qw(mkfifo);
use Test::More;
use NNTest;

my ($tmp, $out) = setup();
my $data = "$tmp/data";
my $good = make_data($data);
my @small = ('--data', $data, '--layers', '784,16,10', '--validation', '50');
sub fails { refused(1, @_) }
sub no_temporaries {
  my ($dir, $name) = @_;
  my @left = grep { /\.tmp-/ } files_in($dir);
  is_deeply(\@left, [], "$name: no temporary file is left");
}

my $model = "$tmp/model.nn";
is(nn('train', @small, '--epochs', '2', '--out', $model)->{status}, 0,
   'a trained model for the tests');
my $bytes = read_file($model);

# --- divergence --------------------------------------------------------
{
  copy($model, "$tmp/kept.nn") or die;
  my $r = nn('train', '--data', $data, '--layers', '784,256,256,256,256,10',
             '--act', 'identity', '--opt', 'momentum', '--lr', '10',
             '--batch', '1', '--dropout', '0', '--validation', '50',
             '--epochs', '3', '--out', "$tmp/kept.nn");
  is($r->{status}, 1, 'a diverging run exits with status 1');
  like($r->{err}, qr{\Ann: epoch 1, step \d+ of 150: the loss is (?:NaN|infinite): training has diverged \(a smaller learning rate usually helps\)\n\z},
       'with one line naming the epoch and the step, and a hint')
    or diag($r->{err});
  is(compare("$tmp/kept.nn", $model), 0,
     'the model that --out held is kept, byte for byte');
  no_temporaries($tmp, 'divergence');
}

# --- NaN and infinite numbers in a model file ---------------------------
# 784,16,10: the head, 2 layer records of 24 bytes from byte 20, the
# parameter count at byte 68, the parameters from byte 76.
sub sealed {
  my ($file, $at, $bits) = @_;
  my $b = $bytes;
  substr($b, $at, 4) = pack('V', $bits);
  substr($b, -4) = pack('V', crc32(substr($b, 0, -4)));
  write_file("$tmp/$file", $b);
  return "$tmp/$file";
}
is(unpack('Q<', substr($bytes, 68, 8)), 784 * 16 + 16 + 16 * 10 + 10,
   'the parameter count is where the tests expect it');
{
  my $nan = sealed('nan.nn', 76 + 4 * 5, 0x7fc00000);
  fails(qr{\S*/nan\.nn: parameters at byte 76 holds NaN as its number 5 \(at byte 96\): the file is corrupt},
        'eval', $nan, '--data', $data);
  fails(qr{\S*/nan\.nn: parameters .*NaN.*corrupt}, 'predict', $nan,
        "$tmp/none.pgm");
  my $inf = sealed('inf.nn', 76, 0xff800000);
  fails(qr{\S*/inf\.nn: parameters at byte 76 holds an infinity as its number 0 \(at byte 76\): the file is corrupt},
        'eval', $inf, '--data', $data);
  # The last number of Adam's second buffer, just before the checksum.
  my $state = sealed('state.nn', length($bytes) - 8, 0x7f800000);
  fails(qr{\S*/state\.nn: state buffers at byte \d+ holds an infinity as its number \d+ \(at byte \d+\): the file is corrupt},
        'train', @small, '--epochs', '3', '--resume', $state,
        '--out', "$out/m.nn");
}

# --- an existing --out, replaced only by a trained epoch -----------------
{
  # A run that fails before its first epoch ends (here: it diverges at
  # once, with other layers than the model's, which a new run may have)
  # must leave the file as it was; a run that trains replaces it.
  copy($model, "$tmp/again.nn") or die;
  nn('train', '--data', $data, '--layers', '784,64,64,10', '--act',
     'identity', '--opt', 'sgd', '--lr', '10', '--batch', '1', '--dropout', '0',
     '--validation', '50', '--epochs', '2', '--out', "$tmp/again.nn");
  is(compare("$tmp/again.nn", $model), 0,
     'a run that trains no epoch leaves an existing --out alone');
  my $r = nn('train', @small, '--epochs', '1', '--seed', '3',
             '--out', "$tmp/again.nn");
  is($r->{status}, 0, 'a run that trains an epoch');
  isnt(compare("$tmp/again.nn", $model), 0, 'replaces it');
}

# --- only regular files are replaced --------------------------------------
SKIP: {
  skip 'making a device node needs root', 4 unless $> == 0;
  system('mknod', "$tmp/device", 'c', '1', '3') == 0 or die 'mknod';
  fails(qr{\S*/device: is a device; a save replaces only a regular file},
        'train', @small, '--epochs', '1', '--out', "$tmp/device");
  ok(-c "$tmp/device", 'the device node is still a device node');
  fails(qr{\S*/device: is a device; a save replaces only a regular file},
        'show', '--data', $data, '--index', '0', '--pgm', "$tmp/device");
  ok(-c "$tmp/device", 'and nn show --pgm leaves it too');
}
{
  mkfifo("$tmp/fifo-out", 0600) or die "mkfifo: $!";
  fails(qr{\S*/fifo-out: is a FIFO; a save replaces only a regular file},
        'train', @small, '--epochs', '1', '--out', "$tmp/fifo-out");
  ok(-p "$tmp/fifo-out", 'a FIFO named by --out stays a FIFO');
}

# --- symbolic links, hard links and the mode: one documented choice -------
{
  copy($model, "$tmp/target.nn") or die;
  symlink("$tmp/target.nn", "$tmp/link.nn") or die;
  fails(qr{\S*/link\.nn: is a symbolic link, which a save does not replace; give the path of the file it points to},
        'train', @small, '--epochs', '1', '--out', "$tmp/link.nn");
  ok(-l "$tmp/link.nn" && compare("$tmp/target.nn", $model) == 0,
     'the link and its target are as they were');
  link("$tmp/target.nn", "$tmp/hard.nn") or die;
  fails(qr{\S*/hard\.nn: has 2 hard links, which a save would break; it replaces only a file with one name},
        'train', @small, '--epochs', '1', '--out', "$tmp/hard.nn");
  is((stat "$tmp/target.nn")[3], 2, 'both names still name one file');
  copy($model, "$tmp/private.nn") or die;
  chmod 0600, "$tmp/private.nn";
  is(nn('train', @small, '--epochs', '1', '--out', "$tmp/private.nn")
       ->{status}, 0, 'a model of mode 0600 is replaced');
  is((stat "$tmp/private.nn")[2] & 07777, 0600, 'and keeps its mode');
}

# --- a PGM write that fails removes nothing --------------------------------
{
  write_file("$tmp/keep.pgm", "precious\n");
  # A limit of one block of 512 bytes on the size of files: writing the
  # image of 799 bytes fails.
  my $r = limited(1, 'show', '--data', $data, '--index', '0',
                  '--pgm', "$tmp/keep.pgm");
  is($r->{signal}, 0, 'nn show under a file-size limit is not killed');
  is($r->{status}, 1, 'it fails');
  like($r->{err}, qr{\Ann: \S*/keep\.pgm: writing the temporary file \S+ failed: File too large\n\z},
       'with one line that says why') or diag($r->{err});
  is(read_file("$tmp/keep.pgm"), "precious\n",
     'the file that was there is untouched');
  no_temporaries($tmp, 'PGM');
}

# --- a file-size limit during a save -----------------------------------------
# limited(BLOCKS, ARGS): nn under ulimit -f BLOCKS (of 512 bytes), its
# standard output thrown away (a device has no size to limit).
sub limited {
  my ($blocks, @args) = @_;
  my $nn = $ENV{NN_BINARY} // 'build/nn';
  my $pid = fork // die;
  if ($pid == 0) {
    open STDOUT, '>', '/dev/null' or die;
    open STDERR, '>', "$tmp/stderr" or die;
    exec 'sh', '-c', 'ulimit -f "$1" && shift && exec "$@"', 'sh', $blocks,
      $nn, @args;
  }
  waitpid $pid, 0;
  return { status => $? >> 8, signal => $? & 127,
           err => read_file("$tmp/stderr") };
}
{
  copy($model, "$tmp/limit.nn") or die;
  my $r = limited(100, 'train', @small, '--epochs', '3',
                  '--resume', "$tmp/limit.nn", '--out', "$tmp/limit.nn");
  is($r->{signal}, 0, 'a save beyond ulimit -f is not killed by SIGXFSZ');
  is($r->{status}, 1, 'it fails');
  like($r->{err}, qr{nn: \S*/limit\.nn: writing the temporary file \S+ failed: File too large\n\z},
       'with the write error in one line') or diag($r->{err});
  is(compare("$tmp/limit.nn", $model), 0, 'the old model is intact');
  no_temporaries($tmp, 'file-size limit');
}

# --- gzip IDX files: sizes before pixels, nothing after the stream ------------
{
  my $images = $good->{$data_files[0]};
  # A header of 2147483647 images of 28x28, then zeros.
  make_data("$tmp/bomb", $data_files[0] => '');
  unlink "$tmp/bomb/$data_files[0]";
  write_file("$tmp/bomb/$data_files[0].gz",
             memGzip(pack('C4 N3', 0, 0, 8, 3, 2147483647, 28, 28)
                     . ("\0" x (8 << 20))));
  fails(qr{\S*/bomb/train-images-idx3-ubyte\.gz: the header promises 1683627179248 bytes of data, more than the limit of 1024 MiB},
        'train', '--data', "$tmp/bomb", @small[2 .. 5], '--out', "$out/m.nn");
  # A header within the limit that claims more images than the labels.
  make_data("$tmp/claims", $data_files[0] => '');
  unlink "$tmp/claims/$data_files[0]";
  write_file("$tmp/claims/$data_files[0].gz",
             memGzip(pack('C4 N3', 0, 0, 8, 3, 1000000, 28, 28)
                     . substr($images, 16)));
  fails(qr{\S*/claims/train-images-idx3-ubyte\.gz has 1000000 images but \S+ has 200 labels},
        'train', '--data', "$tmp/claims", @small[2 .. 5], '--out', "$out/m.nn");
  # Junk after a sound gzip stream.
  make_data("$tmp/junk", $data_files[0] => '');
  unlink "$tmp/junk/$data_files[0]";
  write_file("$tmp/junk/$data_files[0].gz", memGzip($images) . "junk");
  fails(qr{\S*/junk/train-images-idx3-ubyte\.gz: the last 4 bytes of the file give \d+ bytes of contents, but the header makes 156816: bytes follow the gzip stream, or the header is wrong},
        'train', '--data', "$tmp/junk", @small[2 .. 5], '--out', "$out/m.nn");
  # Junk that ends in the right size, after a stream of the right size.
  write_file("$tmp/junk/$data_files[0].gz",
             memGzip($images) . "junk" . substr(memGzip($images), -4));
  fails(qr{\S*/junk/train-images-idx3-ubyte\.gz: the file's last 8 bytes are not the end of its gzip stream: bytes follow the stream \(an IDX file must be one gzip stream\)},
        'train', '--data', "$tmp/junk", @small[2 .. 5], '--out', "$out/m.nn");
  # And the sound stream alone is read.
  write_file("$tmp/junk/$data_files[0].gz", memGzip($images));
  is(nn('train', '--data', "$tmp/junk", @small[2 .. 5], '--epochs', '1',
        '--out', "$out/m.nn")->{status}, 0, 'a sound .gz file is read');
  unlink "$out/m.nn";
}

# --- only regular files are read ---------------------------------------------
{
  make_data("$tmp/fifo", $data_files[0] => '');
  unlink "$tmp/fifo/$data_files[0]";
  mkfifo("$tmp/fifo/$data_files[0]", 0600) or die "mkfifo: $!";
  fails(qr{\S*/fifo/train-images-idx3-ubyte: not a regular file \(a FIFO\); only regular files are read},
        'train', '--data', "$tmp/fifo", @small[2 .. 5], '--out', "$out/m.nn");
  fails(qr{\S*/fifo/train-images-idx3-ubyte: not a regular file \(a FIFO\); only regular files are read},
        'eval', "$tmp/fifo/$data_files[0]", '--data', $data);
  fails(qr{\S*/fifo/train-images-idx3-ubyte: not a regular file \(a FIFO\); only regular files are read},
        'predict', $model, "$tmp/fifo/$data_files[0]");
}
done_testing();
