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
/* A save to path in progress: a temporary file next to it, which
   file_commit renames to path and file_abandon removes. */
typedef struct {
    const char *path;
    char *temp;              /* path.tmp-XXXXXX */
    int fd;                  /* of the temporary file; -1: none */
    int error;               /* errno of the first failed write; 0: none */
    unsigned char *buffer;   /* bytes not yet written */
    size_t used;
} SafeFile;
/* Whether a save may replace path: it is absent, or a regular file
   with one link; *mode gets the mode the new file should have. */
nn_status file_replaceable(const char *path, mode_t *mode);
/* Starts a save to path: checks it with file_replaceable, removes
   temporary files that killed saves left, creates a new one. */
nn_status file_begin(SafeFile *f, const char *path);
/* Adds n bytes to the file; a failure is reported by file_commit. */
void file_put(SafeFile *f, const void *bytes, size_t n);
/* Writes, syncs and closes the file and renames it to path; on any
   failure removes it, and path is as it was before file_begin. */
nn_status file_commit(SafeFile *f);
/* Removes the temporary file; path is as it was before file_begin. */
void file_abandon(SafeFile *f);
#endif
