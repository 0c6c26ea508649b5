#ifndef CKERNELS_H
#define CKERNELS_H

/*
 * AVX2 versions of the two Monte Carlo demand kernels (ServiceMatrix.apply and PrevalenceMatrix.people).
 *
 * Why C: Swift on Linux cannot compile one function for AVX2 and the rest for the x86-64 baseline, and building the
 * whole program for AVX2 would stop it running on older CPUs. Clang's per-function target attribute can, so these
 * kernels are C, called only after `ck_avx2_available()` says the CPU and OS support AVX2.
 *
 * Each output is summed in exactly the order of the Swift version (the same partial sums, added in the same order;
 * multiplications and additions are separate, never fused), so both give the same bits; tests check this.
 */

#include <stddef.h>

/* 1 when the CPU has AVX2 and the OS saves the 256-bit registers, else 0; also 0 when the environment variable
   COHORT_KERNELS is "portable". */
int ck_avx2_available(void);

/*
 * Expected events of `count` services from band totals `t` (`width` entries): rates[entry * lanes + service], lanes a
 * multiple of 4 and at least `count`. Per service: four partial sums over entries by position mod 4 (entries below
 * width - width % 4), added to -0 in order, then the remaining entries one by one.
 */
void ck_service_apply_avx2(const double *rates, ptrdiff_t lanes, ptrdiff_t width, ptrdiff_t count,
                           const double *t, double *out);

/*
 * People on each of `count` registers for `vectors` populations (population v at cells + v * stride; results at
 * out + v * count). weights[row * lanes + register], lanes a multiple of 16. `active` holds, per block of 16 registers,
 * `nranges[block]` [first, end) row ranges (flattened, 2 entries a range, blocks in order). When `fold_sexes` is
 * non-zero a row is an age and its value is cells[row] + cells[ages + row]; otherwise cells[row]. Each register is one
 * running sum over the active rows in order.
 */
void ck_prevalence_avx2(const double *weights, ptrdiff_t lanes, ptrdiff_t count,
                        const ptrdiff_t *active, const ptrdiff_t *nranges,
                        int fold_sexes, ptrdiff_t ages,
                        const double *cells, ptrdiff_t stride, ptrdiff_t vectors, double *out);

/*
 * out[i] = e^(scale * x[i]) for i < n: a Monte Carlo draw's mortality improvement, r^scale from log r (5,050 values a
 * draw, where libm's exp was a seventh of the draw). Cody-Waite reduction by ln 2, then the Taylor polynomial of
 * degree 13 (truncation below 1e-17 relative), products and sums rounded separately; within 1 ulp of libm's exp (tested).
 * Arguments beyond +-700 or NaN go to libm's exp. The portable and AVX2 versions do the same operations in the same
 * order, so they give the same bits.
 */
void ck_exp_scaled(const double *x, double scale, double *out, ptrdiff_t n);
void ck_exp_scaled_avx2(const double *x, double scale, double *out, ptrdiff_t n);

#endif
