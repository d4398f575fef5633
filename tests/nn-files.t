#!/usr/bin/env perl
# tests/nn-files.t: the nn command (chapter 12) with bad files: missing or
# corrupt data, models and images are failures (exit status 1, one line on
# stderr that names the file, nothing on stdout, no output file left); and
# exact resumption: a run resumed after 2 of 4 epochs writes the same model
# file, byte for byte, as a run that was never interrupted; and a model
# file of version 1, kept in tests/data, evaluates as it did.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use File::Compare qw(compare);
use File::Copy qw(copy);
use Compress::Zlib qw(crc32);
use Test::More;
use NNTest;

my ($tmp, $out) = setup();
my $data = "$tmp/data";
my $good = make_data($data);

# fails(PATTERN, ARGS): exit 1, stderr exactly "nn: ...\n" matching.
sub fails { refused(1, @_) }

my @train = ('--layers', '784,16,10', '--validation', '50',
             '--out', "$out/m.nn", '--log', "$out/m.tsv");

# --- bad data --------------------------------------------------------------
fails(qr{data_paths: \S*/none has neither train-images-idx3-ubyte nor train-images-idx3-ubyte\.gz},
      'train', '--data', "$tmp/none", @train);
{
  my $images = $good->{$data_files[0]};
  make_data("$tmp/truncated", $data_files[0] => substr($images, 0, 5000));
  fails(qr{\S*/truncated/train-images-idx3-ubyte: the file ends after 5000 bytes.*},
        'train', '--data', "$tmp/truncated", @train);
  make_data("$tmp/magic", $data_files[0] => "\1" . substr($images, 1));
  fails(qr{\S*/magic/train-images-idx3-ubyte: bytes 0-1 are 0x01 0x00, .*},
        'train', '--data', "$tmp/magic", @train);
  make_data("$tmp/longer", $data_files[0] => $images . "junk");
  fails(qr{\S*/longer/train-images-idx3-ubyte: the file is longer than its header says.*},
        'train', '--data', "$tmp/longer", @train);
  my @labels = map { $_ % 10 } 0 .. 199;
  $labels[17] = 10;
  make_data("$tmp/label", $data_files[1] => idx_labels(@labels));
  fails(qr{\S*/label/train-labels-idx1-ubyte: label 17 .*is 10, but there are only 10 classes.*},
        'train', '--data', "$tmp/label", @train);
  make_data("$tmp/count", $data_files[1] => idx_labels((0) x 199));
  fails(qr{\S*/count/train-images-idx3-ubyte has 200 images but \S+ has 199 labels},
        'train', '--data', "$tmp/count", @train);
  my $wide = pack('C4 N3', 0, 0, 8, 3, 200, 32, 32) . ("\0" x (200 * 1024));
  make_data("$tmp/wide", $data_files[0] => $wide);
  fails(qr{\S*/wide/train-images-idx3-ubyte: the images have 1024 pixels, not 28x28},
        'train', '--data', "$tmp/wide", @train);
  make_data("$tmp/badtest",
            $data_files[2] => substr($good->{$data_files[2]}, 0, 100));
}

# --- a model, and bad models -----------------------------------------------
my $model = "$tmp/model.nn";
is(nn('train', '--data', $data, @train[0 .. 3], '--epochs', '2',
      '--out', $model)->{status}, 0, 'train a model for the tests');
fails(qr{\S*/badtest/t10k-images-idx3-ubyte: .*}, 'eval', $model,
      '--data', "$tmp/badtest");
fails(qr{\S*/none\.nn: .*No such file or directory}, 'eval', "$tmp/none.nn",
      '--data', $data);
{
  # One flipped bit: in the magic number, in a field of the header, in the
  # parameters, in the checksum itself.
  my $bytes = read_file($model);
  my $damaged = 'checksum at byte \d+ is [0-9a-f]{8}, but the contents give '
                . '[0-9a-f]{8}: the file is damaged';
  my %flips = (0 => 'magic number at byte 0 is wrong: this is not a model file',
               20 => '.* at byte \d+ .*',
               int(length($bytes) / 2) => $damaged,
               length($bytes) - 1 => $damaged);
  for my $at (sort { $a <=> $b } keys %flips) {
    my $flipped = $bytes;
    substr($flipped, $at, 1) = chr(ord(substr($flipped, $at, 1)) ^ 0x10);
    write_file("$tmp/flipped.nn", $flipped);
    fails(qr{\S*/flipped\.nn: $flips{$at}}, 'eval', "$tmp/flipped.nn",
          '--data', $data);
  }
  # A sound file whose head is the squared error's: not a classifier.
  my $regression = $bytes;
  substr($regression, 12, 4) = pack('V', 1);
  substr($regression, -4) = pack('V', crc32(substr($regression, 0, -4)));
  write_file("$tmp/regression.nn", $regression);
  fails(qr{\S*/regression\.nn: the network's head is mse, not cross-entropy: it is not a classifier of images},
        'eval', "$tmp/regression.nn", '--data', $data);
  write_file("$tmp/short.nn", substr($bytes, 0, length($bytes) - 7));
  # Cut inside the optimizer's state buffers (the default AdamW has two), the
  # count of buffers is the field that no longer fits what follows.
  fails(qr{\S*/short\.nn: (?:.* is cut off: the file ends at byte \d+|number of state buffers at byte \d+ is \d+, but \d+ bytes follow)},
        'predict', "$tmp/short.nn", "$tmp/none.pgm");
  write_file("$tmp/empty.nn", '');
  fails(qr{\S*/empty\.nn: magic number at byte 0 is cut off: the file ends at byte 0},
        'show', '--data', $data, '--index', '0', '--model', "$tmp/empty.nn");
  write_file("$tmp/text.nn", "this is not a model\n");
  fails(qr{\S*/text\.nn: magic number at byte 0 is wrong: this is not a model file},
        'train', '--data', $data, '--resume', "$tmp/text.nn",
        '--out', "$out/m.nn");
}
fails(qr{\S*/nodir/m\.nn: cannot create a temporary file next to it: No such file or directory},
      'train', '--data', $data, @train[0 .. 3], '--log', "$out/m.tsv",
      '--out', "$tmp/nodir/m.nn");

# --- bad images ------------------------------------------------------------
{
  my $pixels = image(3, 7);
  my %bad = (
    'size.pgm' => ["P5\n27 28\n255\n" . substr($pixels, 0, 27 * 28),
                   'the image is 27x28, not 28x28'],
    'magic.pgm' => ["P6\n28 28\n255\n" . $pixels,
                    'not a PGM image \(it must begin with P2 or P5\)'],
    'short.pgm' => ["P5\n28 28\n255\n" . substr($pixels, 0, 700),
                    '700 bytes of pixels where 784 were expected \(the file is truncated\)'],
    'long.pgm' => ["P5\n28 28\n255\n$pixels\n",
                   '785 bytes of pixels where 784 were expected \(junk after the pixels\)'],
    'plain.pgm' => ["P2\n28 28\n255\n" . join(' ', (0) x 783) . "\n",
                    'the file is truncated after 783 of 784 pixels'],
    'junk.pgm' => ["P2\n28 28\n255\n" . join(' ', (0) x 400, 'x', (0) x 383),
                   'the pixel at row 14, column 8 is not a number'],
    'maxval.pgm' => ["P5\n28 28\n65535\n" . $pixels x 2,
                     'the maxval is 65535; it must be from 1 to 255'],
    'photo.pgm' => ["\xff\xd8\xff\xe0JFIF", 'not a PGM image.*'],
  );
  for my $file (sort keys %bad) {
    write_file("$tmp/$file", $bad{$file}[0]);
    fails(qr{\S*/\Q$file\E: $bad{$file}[1]}, 'predict', $model, "$tmp/$file");
  }
  fails(qr{\S*/none\.pgm: cannot open: No such file or directory}, 'predict', $model,
        "$tmp/none.pgm");
  fails(qr{\S*/nodir/x\.pgm: cannot create a temporary file next to it: No such file or directory}, 'show', '--data',
        $data, '--index', '0', '--pgm', "$tmp/nodir/x.pgm");
}

# --- a model file of version 1 --------------------------------------------
# tests/data/model-v1.nn was written by the nn of the book's format version 1
# (git commit dcd7096): --layers 784,16,10 --opt sgd --lr 0.1 --epochs 2
# --dropout 0 on Fashion-MNIST. tests/data/model-v1.eval is what that
# program's nn eval printed for it: its accuracy, confusion matrix and
# per-class table. Today's nn, which writes version 2, must read the old
# file and evaluate it to the same output, byte for byte.
{
  is(substr(read_file('tests/data/model-v1.nn'), 8, 4), "\1\0\0\0",
     'the kept model file is of version 1');
  my $r = nn('eval', 'tests/data/model-v1.nn', '--data', 'fashion');
  is($r->{status}, 0, 'a model file of version 1 loads') or diag($r->{err});
  is($r->{out}, read_file('tests/data/model-v1.eval'),
     'and evaluates exactly as the program of version 1 did');
  $r = nn('predict', 'tests/data/model-v1.nn', "$tmp/none.pgm");
  like($r->{err}, qr{none\.pgm}, 'predict gets as far as the image');
}

# --- exact resumption ------------------------------------------------------
{
  # A cosine schedule runs over the run's epochs, so --epochs 2 and then 4
  # is not the run of --epochs 4; a constant schedule is the same in both.
  my @run = ('train', '--data', $data, '--layers', '784,16,10',
             '--validation', '50', '--seed', '7', '--schedule', 'constant');
  my $r = nn(@run, '--epochs', '2', '--out', "$tmp/a.nn", '--log', "$tmp/r.tsv");
  is($r->{status}, 0, 'two epochs') or diag($r->{err});
  $r = nn(@run, '--epochs', '4', '--resume', "$tmp/a.nn", '--out', "$tmp/b.nn",
          '--log', "$tmp/r.tsv");
  is($r->{status}, 0, 'resumed up to four') or diag($r->{err});
  like($r->{err}, qr/\Aepoch 3\/4: .*\nepoch 4\/4: .*\n\z/,
       'the resumed run does epochs 3 and 4');
  $r = nn(@run, '--epochs', '4', '--out', "$tmp/c.nn");
  is($r->{status}, 0, 'four epochs at once');
  is(compare("$tmp/b.nn", "$tmp/c.nn"), 0,
     'resumed and uninterrupted runs write the same file, byte for byte');
  is(compare("$tmp/a.nn", "$tmp/c.nn"), 1, 'and it differs from the half-way file');
  my @log = split /\n/, read_file("$tmp/r.tsv");
  is(scalar(grep { /^epoch\t/ } @log), 1, 'the resumed log has one header');
  is_deeply([map { /^(\d+)\t/ ? $1 : () } @log], [1, 2, 3, 4],
            'and epochs 1 to 4');
  # Resuming in place, from the run's own output file.
  copy("$tmp/a.nn", "$tmp/d.nn") or die;
  $r = nn(@run, '--epochs', '4', '--resume', "$tmp/d.nn", '--out', "$tmp/d.nn");
  is($r->{status}, 0, 'resumed in place');
  is(compare("$tmp/d.nn", "$tmp/c.nn"), 0, 'the same file again');
  # What a resumed run refuses.
  refused(2, qr{--epochs 2: \S*/a\.nn has already done 2 epochs},
          @run, '--epochs', '2', '--resume', "$tmp/a.nn", '--out', "$out/m.nn");
  refused(2, qr{--layers 784,32,10: \S*/a\.nn has other layer sizes},
          @run, '--layers', '784,32,10', '--resume', "$tmp/a.nn",
          '--out', "$out/m.nn");
  refused(2, qr{--lr 0\.05: \S*/a\.nn was trained with 0\.001 in its epoch 2},
          @run, '--lr', '0.05', '--resume', "$tmp/a.nn", '--out', "$out/m.nn");
  refused(2, qr{--act tanh: \S*/a\.nn has relu hidden layers},
          @run, '--act', 'tanh', '--resume', "$tmp/a.nn", '--out', "$out/m.nn");
  refused(2, qr{--weight-decay 0\.5: \S*/a\.nn was trained with 0\.01\b},
          @run, '--weight-decay', '0.5', '--resume', "$tmp/a.nn",
          '--out', "$out/m.nn");
  refused(2, qr{--l1 0\.001: \S*/a\.nn was trained with 0\b},
          @run, '--l1', '0.001', '--resume', "$tmp/a.nn", '--out', "$out/m.nn");
  # The same settings, repeated, are accepted.
  $r = nn(@run, '--epochs', '4', '--weight-decay', '0.01', '--l1', '0',
          '--resume', "$tmp/a.nn", '--out', "$tmp/e.nn");
  is($r->{status}, 0, 'resumed with its own weight decay and L1 given')
    or diag($r->{err});
  is(compare("$tmp/e.nn", "$tmp/c.nn"), 0, 'and the same file again');
  my @files = files_in($tmp);
  ok(!grep(/\.tmp/, @files), 'no temporary file is left') or diag("@files");
}
done_testing();
