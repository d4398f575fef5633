#ifndef NN_CORE_H
#define NN_CORE_H

#include <float.h>

#ifdef NN_SCALAR_DOUBLE
typedef double scalar;
#define SCALAR_MAX DBL_MAX      /* the largest finite scalar */
#else
typedef float scalar;
#define SCALAR_MAX FLT_MAX
#endif
typedef enum {
    NN_OK = 0,       /* success */
    NN_ERR_ARG,      /* an argument is out of its range */
    NN_ERR_SHAPE,    /* matrix shapes do not fit together */
    NN_ERR_NOMEM,    /* an allocation failed or would be absurdly large */
    NN_ERR_IO,       /* reading or writing a file failed */
    NN_ERR_FORMAT    /* a file's contents are malformed */
} nn_status;

/* Records the message that format and the rest give (as printf does;
   the arguments may include nn_error() itself) and returns status. */
nn_status nn_fail(nn_status status, const char *format, ...);
/* The message of the last failure in this thread; "no error" before. */
const char *nn_error(void);
/* Sets *index to the i in 0..count-1 whose name_of(i) is name. Fails
   with NN_ERR_ARG, naming the family and listing the names of the
   table, when there is no such i or name is NULL. */
nn_status nn_lookup(const char *family, const char *name, int count,
                    const char *(*name_of)(int i), int *index);
/* Writes name_of(0), ..., name_of(count - 1) into list as "a, b and c",
   with last (" and ", " or ") before the last name; truncated, still
   ended by a 0, if list has fewer than size bytes. Returns list. */
char *nn_name_list(char *list, size_t size, const char *last, int count,
                   const char *(*name_of)(int i));

#endif
