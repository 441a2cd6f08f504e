#ifndef SLOPE_CONTRACTION_H
#define SLOPE_CONTRACTION_H

/// a·b + c, which the compiler may contract into one fused multiply–add (rounded once) on targets
/// that have one, and computes as a product and a sum elsewhere (never a library call). Swift has
/// no way to allow this contraction, C does (`FP_CONTRACT`).
static inline __attribute__((always_inline)) double slope_multiply_add(double a, double b, double c) {
#pragma STDC FP_CONTRACT ON
    return a * b + c;
}

/// Eight doubles as one vector (Swift sees `SIMD8<Double>`).
typedef double slope_double8 __attribute__((ext_vector_type(8)));

/// a·b + c lane by lane, each lane contracted as `slope_multiply_add` is: one vector fused
/// multiply–add where the target has one.
static inline __attribute__((always_inline)) slope_double8 slope_multiply_add8(slope_double8 a, slope_double8 b,
                                                                               slope_double8 c) {
#pragma STDC FP_CONTRACT ON
    return a * b + c;
}

#endif
