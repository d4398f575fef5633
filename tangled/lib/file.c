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
           : S_ISSOCK(info->st_mode) ? "a socket" : "not a regular file";
}
