#ifndef CGSL_SHIM_H
#define CGSL_SHIM_H

/*
 * The only C surface of the project: GSL headers plus accessors for GSL's
 * global generator/algorithm descriptors. Swift 6 rejects direct use of C
 * globals such as `gsl_rng_taus2` ("not concurrency-safe"), so each one the
 * Sampling module needs is returned from a static inline function instead.
 */

#include <gsl/gsl_math.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_version.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_sort_double.h>
#include <gsl/gsl_roots.h>

/* L'Ecuyer's maximally equidistributed Tausworthe generator (global `gsl_rng_taus2`). */
static inline const gsl_rng_type *cgsl_rng_taus2(void) { return gsl_rng_taus2; }

/* Run-time library version string (global `gsl_version`), e.g. "2.7.1". */
static inline const char *cgsl_version(void) { return gsl_version; }

/* Brent-Dekker bracketing root solver (global `gsl_root_fsolver_brent`). */
static inline const gsl_root_fsolver_type *cgsl_root_brent(void) { return gsl_root_fsolver_brent; }

#endif /* CGSL_SHIM_H */
