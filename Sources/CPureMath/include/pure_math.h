#ifndef SLOPE_PURE_MATH_H
#define SLOPE_PURE_MATH_H

// The C library's elementary functions under names that declare them pure (`const`: the result
// depends only on the argument, no memory is read or written). They are the same functions, with
// the same symbols and the same results; only the declarations differ. The standard declarations
// may set `errno`, so a compiler must call `cos(x)` again after any other such call, and cannot
// pair `sin(x)` with `cos(x)` into one `sincos`; the rule table asks for `cos(x)` as the
// derivative of `sin` right after the primal computed it, and never reads `errno`.

#define SLOPE_PURE_STRINGIFY(x) #x
#define SLOPE_PURE_SYMBOL_PREFIX(x) SLOPE_PURE_STRINGIFY(x)
/// Declares `slope_pure_NAME` as the C library's `NAME`, pure.
#define SLOPE_PURE(name, parameters) \
    double slope_pure_##name parameters __asm__(SLOPE_PURE_SYMBOL_PREFIX(__USER_LABEL_PREFIX__) #name) \
        __attribute__((const, nothrow));

SLOPE_PURE(exp, (double x))
SLOPE_PURE(log, (double x))
SLOPE_PURE(log1p, (double x))
SLOPE_PURE(expm1, (double x))
SLOPE_PURE(sin, (double x))
SLOPE_PURE(cos, (double x))
SLOPE_PURE(tan, (double x))
SLOPE_PURE(tanh, (double x))
SLOPE_PURE(pow, (double x, double y))

#undef SLOPE_PURE

#endif
