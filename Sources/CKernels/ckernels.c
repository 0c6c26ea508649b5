#include "ckernels.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Products and sums must round separately, as in the Swift versions and in both versions of each kernel here. */
#pragma clang fp contract(off)

/* Shared by both versions of ck_exp_scaled: constants and the element-wise operations, in one order. */
#define CK_LOG2E 1.4426950408889634
#define CK_SHIFT 6755399441055744.0 /* 1.5 x 2^52: adding it rounds to an integer */
#define CK_LN2HI 0x1.62e42fee00000p-1
#define CK_LN2LO 0x1.a39ef35793c76p-33
static const double ck_exp_c[14] = {
    1.0, 1.0, 1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040, 1.0 / 40320, 1.0 / 362880,
    1.0 / 3628800, 1.0 / 39916800, 1.0 / 479001600, 1.0 / 6227020800.0};

/* e^x for |x| <= 700 (no check). 2^k is built from t's bits: t = 1.5 x 2^52 + k, so (bits of t + 1023) << 52 is
   (k + 1023) << 52, the exponent field of 2^k, with only integer additions and shifts (which vectorise). */
static inline double ck_exp_in_range(double x) {
    double t = x * CK_LOG2E + CK_SHIFT;
    double k = t - CK_SHIFT;
    double r = (x - k * CK_LN2HI) - k * CK_LN2LO;
    double p = ck_exp_c[13];
    for (int i = 12; i >= 0; i--) p = p * r + ck_exp_c[i];
    uint64_t tb;
    memcpy(&tb, &t, sizeof tb);
    uint64_t bits = (tb + 1023) << 52;
    double two;
    memcpy(&two, &bits, sizeof two);
    return p * two;
}

void ck_exp_scaled(const double *x, double scale, double *out, ptrdiff_t n) {
    /* Two passes, so the first has no call and the compiler can vectorise it: the polynomial for every value (0 in
       place of an argument out of range), then libm for those. */
    for (ptrdiff_t i = 0; i < n; i++) {
        double v = scale * x[i];
        out[i] = ck_exp_in_range(fabs(v) <= 700 ? v : 0);
    }
    for (ptrdiff_t i = 0; i < n; i++) {
        double v = scale * x[i];
        if (!(fabs(v) <= 700)) out[i] = exp(v);
    }
}

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

int ck_avx2_available(void) {
    /* COHORT_KERNELS=portable turns the AVX2 kernels off (to check, or time, the portable path on any machine). */
    const char *choice = getenv("COHORT_KERNELS");
    if (choice && strcmp(choice, "portable") == 0) return 0;
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    if (!(c & bit_OSXSAVE) || !(c & bit_AVX)) return 0;
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if ((lo & 6) != 6) return 0; /* XMM and YMM state saved by the OS */
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (b & bit_AVX2) != 0;
}

__attribute__((target("avx2")))
void ck_service_apply_avx2(const double *rates, ptrdiff_t lanes, ptrdiff_t width, ptrdiff_t count,
                           const double *t, double *out) {
    const ptrdiff_t n4 = width - width % 4;
    ptrdiff_t s = 0;
    /* Eight services a pass (two registers per partial sum), then four. */
    for (; s + 8 <= lanes && count - s > 4; s += 8) {
        __m256d a0 = _mm256_setzero_pd(), a1 = a0, a2 = a0, a3 = a0;
        __m256d b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        const double *p = rates + s;
        ptrdiff_t e = 0;
        for (; e < n4; e += 4) {
            __m256d x0 = _mm256_broadcast_sd(t + e), x1 = _mm256_broadcast_sd(t + e + 1);
            __m256d x2 = _mm256_broadcast_sd(t + e + 2), x3 = _mm256_broadcast_sd(t + e + 3);
            a0 = _mm256_add_pd(a0, _mm256_mul_pd(_mm256_loadu_pd(p), x0));
            b0 = _mm256_add_pd(b0, _mm256_mul_pd(_mm256_loadu_pd(p + 4), x0));
            a1 = _mm256_add_pd(a1, _mm256_mul_pd(_mm256_loadu_pd(p + lanes), x1));
            b1 = _mm256_add_pd(b1, _mm256_mul_pd(_mm256_loadu_pd(p + lanes + 4), x1));
            a2 = _mm256_add_pd(a2, _mm256_mul_pd(_mm256_loadu_pd(p + 2 * lanes), x2));
            b2 = _mm256_add_pd(b2, _mm256_mul_pd(_mm256_loadu_pd(p + 2 * lanes + 4), x2));
            a3 = _mm256_add_pd(a3, _mm256_mul_pd(_mm256_loadu_pd(p + 3 * lanes), x3));
            b3 = _mm256_add_pd(b3, _mm256_mul_pd(_mm256_loadu_pd(p + 3 * lanes + 4), x3));
            p += 4 * lanes;
        }
        __m256d ta = _mm256_set1_pd(-0.0), tb = ta;
        ta = _mm256_add_pd(_mm256_add_pd(_mm256_add_pd(_mm256_add_pd(ta, a0), a1), a2), a3);
        tb = _mm256_add_pd(_mm256_add_pd(_mm256_add_pd(_mm256_add_pd(tb, b0), b1), b2), b3);
        for (; e < width; e++) {
            __m256d x = _mm256_broadcast_sd(t + e);
            ta = _mm256_add_pd(ta, _mm256_mul_pd(_mm256_loadu_pd(p), x));
            tb = _mm256_add_pd(tb, _mm256_mul_pd(_mm256_loadu_pd(p + 4), x));
            p += lanes;
        }
        double v[8];
        _mm256_storeu_pd(v, ta);
        _mm256_storeu_pd(v + 4, tb);
        for (ptrdiff_t k = 0; k < 8 && s + k < count; k++) out[s + k] = v[k];
    }
    for (; s < count; s += 4) {
        __m256d a0 = _mm256_setzero_pd(), a1 = a0, a2 = a0, a3 = a0;
        const double *p = rates + s;
        ptrdiff_t e = 0;
        for (; e < n4; e += 4) {
            a0 = _mm256_add_pd(a0, _mm256_mul_pd(_mm256_loadu_pd(p), _mm256_broadcast_sd(t + e)));
            a1 = _mm256_add_pd(a1, _mm256_mul_pd(_mm256_loadu_pd(p + lanes), _mm256_broadcast_sd(t + e + 1)));
            a2 = _mm256_add_pd(a2, _mm256_mul_pd(_mm256_loadu_pd(p + 2 * lanes), _mm256_broadcast_sd(t + e + 2)));
            a3 = _mm256_add_pd(a3, _mm256_mul_pd(_mm256_loadu_pd(p + 3 * lanes), _mm256_broadcast_sd(t + e + 3)));
            p += 4 * lanes;
        }
        __m256d ta = _mm256_set1_pd(-0.0);
        ta = _mm256_add_pd(_mm256_add_pd(_mm256_add_pd(_mm256_add_pd(ta, a0), a1), a2), a3);
        for (; e < width; e++) {
            ta = _mm256_add_pd(ta, _mm256_mul_pd(_mm256_loadu_pd(p), _mm256_broadcast_sd(t + e)));
            p += lanes;
        }
        double v[4];
        _mm256_storeu_pd(v, ta);
        for (ptrdiff_t k = 0; k < 4 && s + k < count; k++) out[s + k] = v[k];
    }
}

/* One block of 16 registers for two populations at once (the weights are loaded once for both). */
__attribute__((target("avx2")))
static inline void prevalence_block2(const double *w, ptrdiff_t lanes, const ptrdiff_t *ranges, ptrdiff_t nr,
                                     int fold, ptrdiff_t ages, const double *u, const double *v, double *ou, double *ov) {
    __m256d a0 = _mm256_setzero_pd(), a1 = a0, a2 = a0, a3 = a0;
    __m256d b0 = a0, b1 = a0, b2 = a0, b3 = a0;
    for (ptrdiff_t r = 0; r < nr; r++) {
        for (ptrdiff_t i = ranges[2 * r]; i < ranges[2 * r + 1]; i++) {
            __m256d x = _mm256_set1_pd(fold ? u[i] + u[ages + i] : u[i]);
            __m256d y = _mm256_set1_pd(fold ? v[i] + v[ages + i] : v[i]);
            const double *o = w + i * lanes;
            __m256d w0 = _mm256_loadu_pd(o), w1 = _mm256_loadu_pd(o + 4);
            __m256d w2 = _mm256_loadu_pd(o + 8), w3 = _mm256_loadu_pd(o + 12);
            a0 = _mm256_add_pd(a0, _mm256_mul_pd(w0, x));
            a1 = _mm256_add_pd(a1, _mm256_mul_pd(w1, x));
            a2 = _mm256_add_pd(a2, _mm256_mul_pd(w2, x));
            a3 = _mm256_add_pd(a3, _mm256_mul_pd(w3, x));
            b0 = _mm256_add_pd(b0, _mm256_mul_pd(w0, y));
            b1 = _mm256_add_pd(b1, _mm256_mul_pd(w1, y));
            b2 = _mm256_add_pd(b2, _mm256_mul_pd(w2, y));
            b3 = _mm256_add_pd(b3, _mm256_mul_pd(w3, y));
        }
    }
    _mm256_storeu_pd(ou, a0); _mm256_storeu_pd(ou + 4, a1); _mm256_storeu_pd(ou + 8, a2); _mm256_storeu_pd(ou + 12, a3);
    if (ov) {
        _mm256_storeu_pd(ov, b0); _mm256_storeu_pd(ov + 4, b1); _mm256_storeu_pd(ov + 8, b2); _mm256_storeu_pd(ov + 12, b3);
    }
}

__attribute__((target("avx2")))
void ck_prevalence_avx2(const double *weights, ptrdiff_t lanes, ptrdiff_t count,
                        const ptrdiff_t *active, const ptrdiff_t *nranges,
                        int fold_sexes, ptrdiff_t ages,
                        const double *cells, ptrdiff_t stride, ptrdiff_t vectors, double *out) {
    double bu[16], bv[16];
    for (ptrdiff_t vi = 0; vi < vectors; vi += 2) {
        const double *u = cells + vi * stride;
        const int two = vi + 1 < vectors;
        const double *v = two ? u + stride : u;
        const ptrdiff_t *ranges = active;
        for (ptrdiff_t block = 0; block < lanes / 16; block++) {
            prevalence_block2(weights + block * 16, lanes, ranges, nranges[block], fold_sexes, ages, u, v, bu, two ? bv : NULL);
            ranges += 2 * nranges[block];
            for (ptrdiff_t k = 0; k < 16 && block * 16 + k < count; k++) {
                out[vi * count + block * 16 + k] = bu[k];
                if (two) out[(vi + 1) * count + block * 16 + k] = bv[k];
            }
        }
    }
}

/* e^v for four in-range lanes: ck_exp_in_range's operations, lane by lane. */
__attribute__((target("avx2")))
static inline __m256d exp4(__m256d v) {
    const __m256d shift = _mm256_set1_pd(CK_SHIFT);
    __m256d t = _mm256_add_pd(_mm256_mul_pd(v, _mm256_set1_pd(CK_LOG2E)), shift);
    __m256d k = _mm256_sub_pd(t, shift);
    __m256d r = _mm256_sub_pd(_mm256_sub_pd(v, _mm256_mul_pd(k, _mm256_set1_pd(CK_LN2HI))), _mm256_mul_pd(k, _mm256_set1_pd(CK_LN2LO)));
    __m256d p = _mm256_set1_pd(ck_exp_c[13]);
    for (int j = 12; j >= 0; j--) p = _mm256_add_pd(_mm256_mul_pd(p, r), _mm256_set1_pd(ck_exp_c[j]));
    __m256i bits = _mm256_slli_epi64(_mm256_add_epi64(_mm256_castpd_si256(t), _mm256_set1_epi64x(1023)), 52);
    return _mm256_mul_pd(p, _mm256_castsi256_pd(bits));
}

__attribute__((target("avx2")))
static inline int in_range4(__m256d v) {
    const __m256d absmask = _mm256_castsi256_pd(_mm256_set1_epi64x(0x7fffffffffffffffLL));
    return _mm256_movemask_pd(_mm256_cmp_pd(_mm256_and_pd(v, absmask), _mm256_set1_pd(700), _CMP_LE_OQ)) == 0xF;
}

__attribute__((target("avx2")))
void ck_exp_scaled_avx2(const double *x, double scale, double *out, ptrdiff_t n) {
    const __m256d sc = _mm256_set1_pd(scale);
    ptrdiff_t i = 0;
    /* Sixteen values a step: four independent polynomial chains side by side. Sixteen with any argument out of
       range (or NaN), and the last few, go to the portable version (the same bits). */
    for (; i + 16 <= n; i += 16) {
        __m256d v0 = _mm256_mul_pd(sc, _mm256_loadu_pd(x + i)), v1 = _mm256_mul_pd(sc, _mm256_loadu_pd(x + i + 4));
        __m256d v2 = _mm256_mul_pd(sc, _mm256_loadu_pd(x + i + 8)), v3 = _mm256_mul_pd(sc, _mm256_loadu_pd(x + i + 12));
        if (!(in_range4(v0) && in_range4(v1) && in_range4(v2) && in_range4(v3))) {
            ck_exp_scaled(x + i, scale, out + i, 16);
            continue;
        }
        _mm256_storeu_pd(out + i, exp4(v0));
        _mm256_storeu_pd(out + i + 4, exp4(v1));
        _mm256_storeu_pd(out + i + 8, exp4(v2));
        _mm256_storeu_pd(out + i + 12, exp4(v3));
    }
    ck_exp_scaled(x + i, scale, out + i, n - i);
}

#else

int ck_avx2_available(void) { return 0; }
void ck_exp_scaled_avx2(const double *x, double scale, double *out, ptrdiff_t n) { ck_exp_scaled(x, scale, out, n); }
void ck_service_apply_avx2(const double *rates, ptrdiff_t lanes, ptrdiff_t width, ptrdiff_t count,
                           const double *t, double *out) {}
void ck_prevalence_avx2(const double *weights, ptrdiff_t lanes, ptrdiff_t count,
                        const ptrdiff_t *active, const ptrdiff_t *nranges,
                        int fold_sexes, ptrdiff_t ages,
                        const double *cells, ptrdiff_t stride, ptrdiff_t vectors, double *out) {}

#endif
