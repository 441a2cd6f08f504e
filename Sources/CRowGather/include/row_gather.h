#ifndef SLOPE_ROW_GATHER_H
#define SLOPE_ROW_GATHER_H

#include <stddef.h>
#include <stdint.h>

/// The number of source lanes a row may read from.
#define SLOPE_GATHER_SOURCE_LANES 64

/// The number of index bytes per row in a gather table: the column count rounded up to a
/// multiple of 8.
static inline ptrdiff_t slope_gather_index_stride(ptrdiff_t columns) { return (columns + 7) / 8 * 8; }

/// Writes `rows` rows of `columns` doubles, row r at `out + r * out_stride`: entry c of row r is
/// lane `indices[r * slope_gather_index_stride(columns) + c]` of row r's sources (the first
/// `lanes` of the 64 doubles at `sources + 64 * r`), or 0 where that index is `lanes` or more
/// (255 always is).
/// Every entry is written, so the rows need no zeroing first. With at most 32 lanes it uses
/// AVX-512 vector permutes where the processor has them (one or two permutes and one store per 8
/// entries), a scalar loop elsewhere; both give the same rows.
void slope_gather_rows(const double *sources, ptrdiff_t lanes, const uint8_t *indices, ptrdiff_t rows,
                       ptrdiff_t columns, double *out, ptrdiff_t out_stride);

/// `slope_gather_rows` by the scalar loop on every processor (the reference the vector path is
/// tested against).
void slope_gather_rows_portable(const double *sources, ptrdiff_t lanes, const uint8_t *indices, ptrdiff_t rows,
                                ptrdiff_t columns, double *out, ptrdiff_t out_stride);

/// Whether `slope_gather_rows` takes the vector path on this processor.
int slope_gather_rows_is_vectorized(void);

#endif
