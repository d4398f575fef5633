/* lib/linear.h: the least-squares line, regression's baseline. */
#ifndef NN_LINEAR_H
#define NN_LINEAR_H
#include "dataset.h"

/* The least-squares line of d (features x, one target y): w (room for
   d->features) and *c such that x w + c has the least squared error. */
nn_status linear_least_squares(const Dataset *d, double *w, double *c);
/* The RMSE of that line on d. */
double linear_rmse(const Dataset *d, const double *w, double c);
#endif
