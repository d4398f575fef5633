/* lib/file.h: opening the files the library reads (chapter 8), and
   replacing files atomically (chapter 11). */
#ifndef NN_FILE_H
#define NN_FILE_H
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "core.h"

/* Opens path for reading if it is a regular file, refusing a
   directory, a FIFO or a device at once; *fd is then its descriptor. */
nn_status file_open_regular(const char *path, int *fd);
#endif
