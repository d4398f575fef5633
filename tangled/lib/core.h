#ifndef NN_CORE_H
#define NN_CORE_H

#ifdef NN_SCALAR_DOUBLE
typedef double scalar;
#else
typedef float scalar;
#endif
typedef enum {
    NN_OK = 0,       /* success */
    NN_ERR_ARG,      /* an argument is out of its range */
    NN_ERR_SHAPE,    /* matrix shapes do not fit together */
    NN_ERR_NOMEM,    /* an allocation failed or would be absurdly large */
    NN_ERR_IO,       /* reading or writing a file failed */
    NN_ERR_FORMAT    /* a file's contents are malformed */
} nn_status;

nn_status nn_fail(nn_status status, const char *format, ...);
const char *nn_error(void);

#endif
