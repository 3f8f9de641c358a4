#pragma once
// The 6-row register tile of the FMA tiers' GEMM microkernels (gemm_avx2.cpp: 6 x 16 in ymm, gemm_avx512.cpp:
// 6 x 32 in zmm), as macros over the vector type and its intrinsics. Macros, not an inline template: a shared
// inline function compiled with one tier's flags could be the copy the linker keeps for another tier's callers,
// while a macro expands in each file under that file's flags.

// Declares the 12 accumulators c<row><half> (rows 0-5 of C at `c`, `ldc` apart; half 1 starts `W` floats after
// half 0), loaded from C when `accumulate`, else zero.
#define TTNN_GEMM_ACCUMULATORS(VEC, LOAD, ZERO, W)                                      \
    VEC c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;                     \
    if (accumulate) {                                                                   \
        c00 = LOAD(c), c01 = LOAD(c + (W));                                             \
        c10 = LOAD(c + ldc), c11 = LOAD(c + ldc + (W));                                 \
        c20 = LOAD(c + 2 * ldc), c21 = LOAD(c + 2 * ldc + (W));                         \
        c30 = LOAD(c + 3 * ldc), c31 = LOAD(c + 3 * ldc + (W));                         \
        c40 = LOAD(c + 4 * ldc), c41 = LOAD(c + 4 * ldc + (W));                         \
        c50 = LOAD(c + 5 * ldc), c51 = LOAD(c + 5 * ldc + (W));                         \
    } else {                                                                            \
        c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = ZERO(); \
    }

// One k step of the six rows: c<i>0 += a[i] * b0, c<i>1 += a[i] * b1, in row order.
#define TTNN_GEMM_ROW(I, VEC, SET1, FMA) \
    {                                    \
        const VEC ai = SET1(a[(I)]);     \
        c##I##0 = FMA(ai, b0, c##I##0);  \
        c##I##1 = FMA(ai, b1, c##I##1);  \
    }
#define TTNN_GEMM_ROWS(VEC, SET1, FMA) \
    TTNN_GEMM_ROW(0, VEC, SET1, FMA)   \
    TTNN_GEMM_ROW(1, VEC, SET1, FMA)   \
    TTNN_GEMM_ROW(2, VEC, SET1, FMA)   \
    TTNN_GEMM_ROW(3, VEC, SET1, FMA)   \
    TTNN_GEMM_ROW(4, VEC, SET1, FMA)   \
    TTNN_GEMM_ROW(5, VEC, SET1, FMA)

// Hands each row's two accumulators to store(row, half 0, half 1).
#define TTNN_GEMM_STORE_ROWS(STORE)                             \
    STORE(0, c00, c01), STORE(1, c10, c11), STORE(2, c20, c21); \
    STORE(3, c30, c31), STORE(4, c40, c41), STORE(5, c50, c51);
