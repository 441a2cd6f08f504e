#ifndef SLOPE_CONTRACTION_H
#define SLOPE_CONTRACTION_H

/// a·b + c, which the compiler may contract into one fused multiply–add (rounded once) on targets
/// that have one, and computes as a product and a sum elsewhere (never a library call). Swift has
/// no way to allow this contraction, C does (`FP_CONTRACT`).
static inline __attribute__((always_inline)) double slope_multiply_add(double a, double b, double c) {
#pragma STDC FP_CONTRACT ON
    return a * b + c;
}

#endif
