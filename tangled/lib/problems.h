/* lib/problems.h: chapter 7's two training problems, XOR and the spiral,
   shared by its checkpoint and its experiments. */
#ifndef NN_PROBLEMS_H
#define NN_PROBLEMS_H
#include <stdint.h>
#include "train.h"

typedef enum { XOR_PROBLEM, SPIRAL_PROBLEM } ProblemKind;

typedef struct {
    Dataset data;
    Network net;
    Optimizer opt;
    TrainConfig training;
    Rng rng;            /* draws the data, the weights, the orders */
} Problem;
#define XOR_LEARNING_RATE ((scalar)0.5)
enum { XOR_EPOCHS = 500 };
#define SPIRAL_LEARNING_RATE ((scalar)0.1)
#define SPIRAL_NOISE ((scalar)0.2)
enum { SPIRAL_PER_CLASS = 100, SPIRAL_CLASSES = 3, SPIRAL_EPOCHS = 300 };
enum { XOR_SEED = 1, SPIRAL_SEED = 2 };

/* Chapter 7's problem kind: its data, network and optimizer, from seed. */
nn_status problem_init(Problem *p, ProblemKind kind, uint64_t seed,
                       scalar learning_rate);
/* Frees what problem_init made. */
void problem_free(Problem *p);
#endif
