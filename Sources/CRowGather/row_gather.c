#include "row_gather.h"

void slope_gather_rows_portable(const double *sources, ptrdiff_t lanes, const uint8_t *indices, ptrdiff_t rows,
                                ptrdiff_t columns, double *out, ptrdiff_t out_stride) {
    const ptrdiff_t stride = slope_gather_index_stride(columns);
    for (ptrdiff_t r = 0; r < rows; r++) {
        const double *source = sources + SLOPE_GATHER_SOURCE_LANES * r;
        const uint8_t *index = indices + stride * r;
        double *row = out + out_stride * r;
        for (ptrdiff_t c = 0; c < columns; c++) {
            row[c] = index[c] < lanes ? source[index[c]] : 0.0;
        }
    }
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <cpuid.h>
#include <immintrin.h>

/// Whether the processor and the operating system support AVX-512 F: CPUID leaf 7 says the
/// processor has it, and XCR0 says the OS saves the opmask and 512-bit register state.
static int has_avx512f(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 27))) return 0;  // OSXSAVE
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d) || !(b & (1u << 16))) return 0;
    unsigned low, high;
    __asm__("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
    return (low & 0xE6) == 0xE6;  // SSE, AVX, opmask, ZMM_Hi256, Hi16_ZMM state
}

__attribute__((target("avx512f")))
static void gather_rows_avx512(const double *sources, ptrdiff_t lanes, const uint8_t *indices, ptrdiff_t rows,
                               ptrdiff_t columns, double *out, ptrdiff_t out_stride) {
    const ptrdiff_t stride = slope_gather_index_stride(columns);
    const __m512i lane_count = _mm512_set1_epi64(lanes);
    for (ptrdiff_t r = 0; r < rows; r++) {
        const double *source = sources + SLOPE_GATHER_SOURCE_LANES * r;
        const uint8_t *index = indices + stride * r;
        double *row = out + out_stride * r;
        const __m512d s0 = _mm512_loadu_pd(source), s1 = _mm512_loadu_pd(source + 8);
        __m512d s2 = _mm512_setzero_pd(), s3 = _mm512_setzero_pd();
        if (lanes > 16) {
            s2 = _mm512_loadu_pd(source + 16);
            s3 = _mm512_loadu_pd(source + 24);
        }
        for (ptrdiff_t c = 0; c < columns; c += 8) {
            // Eight index bytes widened to 64-bit lanes; bit 4 picks the upper pair of sources.
            const __m512i idx = _mm512_cvtepu8_epi64(_mm_loadl_epi64((const __m128i *)(index + c)));
            const __mmask8 valid = _mm512_cmplt_epu64_mask(idx, lane_count);
            __m512d v = _mm512_maskz_permutex2var_pd(valid, s0, idx, s1);
            if (lanes > 16) {
                const __mmask8 upper = _mm512_mask_test_epi64_mask(valid, idx, _mm512_set1_epi64(16));
                v = _mm512_mask_mov_pd(v, upper, _mm512_permutex2var_pd(s2, idx, s3));
            }
            const ptrdiff_t left = columns - c;
            if (left >= 8) {
                _mm512_storeu_pd(row + c, v);
            } else {
                _mm512_mask_storeu_pd(row + c, (__mmask8)((1u << left) - 1), v);
            }
        }
    }
}

/// -1 until the first call asks the processor (a relaxed atomic: every thread gets the same answer).
static int vectorized = -1;

int slope_gather_rows_is_vectorized(void) {
    int known = __atomic_load_n(&vectorized, __ATOMIC_RELAXED);
    if (known < 0) {
        known = has_avx512f();
        __atomic_store_n(&vectorized, known, __ATOMIC_RELAXED);
    }
    return known;
}

void slope_gather_rows(const double *sources, ptrdiff_t lanes, const uint8_t *indices, ptrdiff_t rows,
                       ptrdiff_t columns, double *out, ptrdiff_t out_stride) {
    if (lanes <= 32 && slope_gather_rows_is_vectorized()) {
        gather_rows_avx512(sources, lanes, indices, rows, columns, out, out_stride);
    } else {
        slope_gather_rows_portable(sources, lanes, indices, rows, columns, out, out_stride);
    }
}

#else

int slope_gather_rows_is_vectorized(void) { return 0; }

void slope_gather_rows(const double *sources, ptrdiff_t lanes, const uint8_t *indices, ptrdiff_t rows,
                       ptrdiff_t columns, double *out, ptrdiff_t out_stride) {
    slope_gather_rows_portable(sources, lanes, indices, rows, columns, out, out_stride);
}

#endif
