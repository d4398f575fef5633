/* tests/lib/faults.c: a library for LD_PRELOAD that makes one call of a
   save fail, the way SQLite's tests fail every I/O call in turn.

   The calls counted are those of lib/file.c's save: mkstemp, then on the
   temporary file's descriptor fchmod, write, fsync and close; rename;
   and open, fsync and close of a directory (the sync after the rename).
   NN_FAULT_AT=N makes the Nth of them fail with EIO (ENOSPC for a
   write), or, with NN_FAULT_SIGNAL=S, sends signal S to the process just
   before the Nth call instead. NN_FAULT_COUNT=FILE receives the number
   of calls counted when the process exits normally. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static long calls, fail_at = -1;
static int fault_signal, temp_fd = -1, dir_fd = -1;

static void __attribute__((constructor)) start(void)
{
    const char *at = getenv("NN_FAULT_AT"), *sig = getenv("NN_FAULT_SIGNAL");
    if (at != NULL)
        fail_at = atol(at);
    if (sig != NULL)
        fault_signal = atoi(sig);
}

static void __attribute__((destructor)) report(void)
{
    const char *file = getenv("NN_FAULT_COUNT");
    FILE *f = file != NULL ? fopen(file, "w") : NULL;
    if (f != NULL) {
        fprintf(f, "%ld\n", calls);
        fclose(f);
    }
}

/* Counts a call; true if it is to fail (errno is then set). */
static int fault(int error)
{
    if (++calls != fail_at)
        return 0;
    if (fault_signal != 0) {
        raise(fault_signal);
        return 0;
    }
    errno = error;
    return 1;
}

#define REAL(name) ((__typeof__(&name))dlsym(RTLD_NEXT, #name))

int mkstemp(char *template)
{
    if (fault(EIO))
        return -1;
    return temp_fd = REAL(mkstemp)(template);
}

int fchmod(int fd, mode_t mode)
{
    if (fd == temp_fd && fault(EIO))
        return -1;
    return REAL(fchmod)(fd, mode);
}

ssize_t write(int fd, const void *buf, size_t n)
{
    if (fd == temp_fd && fault(ENOSPC))
        return -1;
    return REAL(write)(fd, buf, n);
}

int fsync(int fd)
{
    if ((fd == temp_fd || fd == dir_fd) && fault(EIO))
        return -1;
    return REAL(fsync)(fd);
}

int close(int fd)
{
    int counted = fd == temp_fd || fd == dir_fd;
    if (fd == temp_fd)
        temp_fd = -1;
    if (fd == dir_fd)
        dir_fd = -1;
    if (counted && fault(EIO)) {
        REAL(close)(fd);   /* a failed close still closes */
        return -1;
    }
    return REAL(close)(fd);
}

int rename(const char *from, const char *to)
{
    if (fault(EIO))
        return -1;
    return REAL(rename)(from, to);
}

int open(const char *path, int flags, ...)
{
    va_list args;
    va_start(args, flags);
    mode_t mode = (flags & O_CREAT) ? va_arg(args, mode_t) : 0;
    va_end(args);
    struct stat info;
    int is_dir = stat(path, &info) == 0 && S_ISDIR(info.st_mode);
    if (is_dir && fault(EIO))
        return -1;
    int fd = REAL(open)(path, flags, mode);
    if (is_dir)
        dir_fd = fd;
    return fd;
}
