/* lib/file.c */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "file.h"

static const char *file_kind(const struct stat *info);
nn_status file_open_regular(const char *path, int *fd)
{
    struct stat info;
    *fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
    if (*fd < 0)
        return nn_fail(NN_ERR_IO, "%s: cannot open: %s", path,
                       strerror(errno));
    if (fstat(*fd, &info) != 0 || !S_ISREG(info.st_mode)
        || fcntl(*fd, F_SETFL, fcntl(*fd, F_GETFL) & ~O_NONBLOCK) != 0) {
        close(*fd);
        *fd = -1;
        return nn_fail(NN_ERR_IO, "%s: not a regular file (%s); only "
                       "regular files are read", path, file_kind(&info));
    }
    return NN_OK;
}
static const char *file_kind(const struct stat *info)
{
    return S_ISDIR(info->st_mode) ? "a directory"
           : S_ISFIFO(info->st_mode) ? "a FIFO"
           : S_ISCHR(info->st_mode) || S_ISBLK(info->st_mode) ? "a device"
           : S_ISSOCK(info->st_mode) ? "a socket" : "something other than a file";
}
#include <dirent.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

static mode_t new_file_mode(void);

nn_status file_replaceable(const char *path, mode_t *mode)
{
    struct stat info;
    if (lstat(path, &info) != 0) {
        *mode = new_file_mode();
        return errno == ENOENT ? NN_OK : nn_fail(NN_ERR_IO, "%s: %s",
                                                 path, strerror(errno));
    }
    if (S_ISLNK(info.st_mode))
        return nn_fail(NN_ERR_IO, "%s: is a symbolic link, which a save does "
                       "not replace; give the path of the file it points to",
                       path);
    if (!S_ISREG(info.st_mode))
        return nn_fail(NN_ERR_IO, "%s: is %s; a save replaces only a "
                       "regular file", path, file_kind(&info));
    if (info.st_nlink > 1)
        return nn_fail(NN_ERR_IO, "%s: has %lu hard links, which a save "
                       "would break; it replaces only a file with one name",
                       path, (unsigned long)info.st_nlink);
    *mode = info.st_mode & 07777;
    return NN_OK;
}
static mode_t new_file_mode(void)
{
    mode_t mask = umask(0);
    umask(mask);
    return 0666 & ~mask;
}
static const int fatal_signals[3] = { SIGINT, SIGTERM, SIGHUP };
static bool caught[3], ignored_xfsz;
static _Atomic(char *) doomed;   /* the temporary file a signal removes */

static void remove_temporary_and_die(int signal)
{
    char *temp = atomic_load(&doomed);
    if (temp != NULL)
        unlink(temp);
    raise(signal);   /* the action is the default again (SA_RESETHAND) */
}
static void guard_signals(bool on)
{
    struct sigaction now, handler = { .sa_flags = SA_RESETHAND };
    handler.sa_handler = remove_temporary_and_die;
    sigemptyset(&handler.sa_mask);
    for (int i = 0; i < 3; i++) {
        sigaction(fatal_signals[i], NULL, &now);
        if (on && now.sa_handler == SIG_DFL)
            caught[i] = sigaction(fatal_signals[i], &handler, NULL) == 0;
        else if (!on && caught[i] && now.sa_handler != SIG_DFL)
            signal(fatal_signals[i], SIG_DFL);
        caught[i] = on && caught[i];
    }
    struct sigaction xfsz;
    sigaction(SIGXFSZ, NULL, &xfsz);
    if (on && xfsz.sa_handler == SIG_DFL)
        ignored_xfsz = signal(SIGXFSZ, SIG_IGN) != SIG_ERR;
    else if (!on && ignored_xfsz)
        signal(SIGXFSZ, SIG_DFL);
    ignored_xfsz = on && ignored_xfsz;
}
static int lock_file(int fd)
{
    struct flock lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
    return fcntl(fd, F_SETLK, &lock);
}

static void remove_if_abandoned(const char *temp)
{
    int fd = open(temp, O_RDWR | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY);
    struct stat info;
    if (fd >= 0 && fstat(fd, &info) == 0 && S_ISREG(info.st_mode)
        && lock_file(fd) == 0)
        unlink(temp);
    if (fd >= 0)
        close(fd);
}
static char *split_path(const char *path, const char **dir,
                        const char **name)
{
    char *copy = malloc(strlen(path) + 2);
    if (copy == NULL)
        return NULL;
    strcpy(copy, path);
    char *slash = strrchr(copy, '/');
    *name = slash == NULL ? copy : slash + 1;
    *dir = slash == NULL ? "." : slash == copy ? "/" : copy;
    if (slash != NULL && slash != copy)
        *slash = '\0';
    return copy;
}
static void remove_abandoned_temporaries(const char *path)
{
    const char *dir, *name;
    char *copy = split_path(path, &dir, &name);
    DIR *d = copy != NULL ? opendir(dir) : NULL;
    size_t n = copy != NULL ? strlen(name) : 0;
    for (struct dirent *e; d != NULL && (e = readdir(d)) != NULL; ) {
        if (strncmp(e->d_name, name, n) != 0
            || strncmp(e->d_name + n, ".tmp-", 5) != 0
            || strlen(e->d_name + n) != 11)
            continue;
        char *temp = malloc(strlen(dir) + strlen(e->d_name) + 2);
        if (temp != NULL) {
            sprintf(temp, "%s/%s", dir, e->d_name);
            remove_if_abandoned(temp);
        }
        free(temp);
    }
    if (d != NULL)
        closedir(d);
    free(copy);
}
enum { SAFE_BUFFER = 1 << 16 };

nn_status file_begin(SafeFile *f, const char *path)
{
    static const char suffix[] = ".tmp-XXXXXX";
    mode_t mode;
    *f = (SafeFile){ .path = path, .fd = -1 };
    nn_status status = file_replaceable(path, &mode);
    if (status != NN_OK)
        return status;
    remove_abandoned_temporaries(path);
    f->temp = malloc(strlen(path) + sizeof suffix);
    f->buffer = malloc(SAFE_BUFFER);
    if (f->temp == NULL || f->buffer == NULL) {
        file_abandon(f);
        return nn_fail(NN_ERR_NOMEM, "%s: out of memory", path);
    }
    strcpy(f->temp, path);
    strcat(f->temp, suffix);
    guard_signals(true);
    f->fd = mkstemp(f->temp);
    if (f->fd >= 0)
        atomic_store(&doomed, f->temp);
    if (f->fd < 0 || lock_file(f->fd) != 0 || fchmod(f->fd, mode) != 0) {
        int error = errno;
        file_abandon(f);
        return nn_fail(NN_ERR_IO, "%s: cannot create a temporary file next "
                       "to it: %s", path, strerror(error));
    }
    return NN_OK;
}
void file_abandon(SafeFile *f)
{
    if (f->fd >= 0) {
        close(f->fd);
        unlink(f->temp);
    }
    atomic_store(&doomed, NULL);
    if (f->temp != NULL)
        guard_signals(false);
    free(f->temp);
    free(f->buffer);
    *f = (SafeFile){ .fd = -1 };
}
static void write_buffer(SafeFile *f)
{
    for (size_t done = 0; done < f->used && f->error == 0; ) {
        ssize_t k = write(f->fd, f->buffer + done, f->used - done);
        if (k > 0)
            done += (size_t)k;
        else if (k == 0 || errno != EINTR)
            f->error = k < 0 ? errno : EIO;
    }
    f->used = 0;
}

void file_put(SafeFile *f, const void *bytes, size_t n)
{
    const unsigned char *p = bytes;
    while (n > 0 && f->error == 0) {
        size_t m = SAFE_BUFFER - f->used < n ? SAFE_BUFFER - f->used : n;
        memcpy(f->buffer + f->used, p, m);
        f->used += m;
        p += m;
        n -= m;
        if (f->used == SAFE_BUFFER)
            write_buffer(f);
    }
}
static nn_status sync_directory(const char *path);

nn_status file_commit(SafeFile *f)
{
    const char *step = "writing";
    write_buffer(f);
    int error = f->error;
    if (error == 0 && fsync(f->fd) != 0) {
        error = errno;
        step = "syncing";
    }
    if (close(f->fd) != 0 && error == 0) {
        error = errno;
        step = "closing";
    }
    f->fd = -1;
    nn_status status = NN_OK;
    if (error != 0)
        status = nn_fail(NN_ERR_IO, "%s: %s the temporary file %s failed: %s",
                         f->path, step, f->temp, strerror(error));
    else if (rename(f->temp, f->path) != 0)
        status = nn_fail(NN_ERR_IO, "%s: cannot replace it with %s: %s",
                         f->path, f->temp, strerror(errno));
    if (status != NN_OK)
        unlink(f->temp);
    const char *path = f->path;
    file_abandon(f);
    return status == NN_OK ? sync_directory(path) : status;
}
static nn_status sync_directory(const char *path)
{
    const char *dir, *name;
    char *copy = split_path(path, &dir, &name);
    if (copy == NULL)
        return nn_fail(NN_ERR_NOMEM, "%s: out of memory", path);
    int fd = open(dir, O_RDONLY);
    nn_status status = NN_OK;
    if (fd < 0 || (fsync(fd) != 0 && errno != EINVAL))
        status = nn_fail(NN_ERR_IO, "%s: saved, but syncing the "
                         "directory %s failed: %s", path, dir,
                         strerror(errno));
    if (fd >= 0)
        close(fd);
    free(copy);
    return status;
}
