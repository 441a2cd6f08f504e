import CRowGather
import Foundation
import Testing

/// Rows by the table, one entry at a time: lane `index` of the row's sources, or 0 from `lanes` on.
private func referenceRows(_ sources: [Double], lanes: Int, _ indices: [UInt8], rows: Int, columns: Int) -> [Double] {
    let stride = slope_gather_index_stride(columns), rowLanes = Int(SLOPE_GATHER_SOURCE_LANES)
    return (0..<rows).flatMap { r in
        (0..<columns).map { c in
            let index = Int(indices[r * stride + c])
            return index < lanes ? sources[r * rowLanes + index] : 0
        }
    }
}

@Test(arguments: [1, 2, 10, 16, 17, 32, 43, 64])
func gatheredRowsMatchTheTableOnEveryPath(lanes: Int) {
    var generator = SystemRandomNumberGenerator()
    let rowLanes = Int(SLOPE_GATHER_SOURCE_LANES)
    for columns in [1, 3, 4, 7, 8, 26, 28, 33] {
        let rows = 5, stride = slope_gather_index_stride(columns)
        let sources = (0..<(rows * rowLanes)).map { _ in Double.random(in: -1...1, using: &generator) }
        // Indices in range, past `lanes` (zero), and 255 (zero); padding bytes random too.
        let indices = (0..<(rows * stride)).map { _ in
            UInt8.random(in: 0...2, using: &generator) == 0 ? UInt8.random(in: UInt8(lanes)...255, using: &generator)
                : UInt8.random(in: 0..<UInt8(lanes), using: &generator)
        }
        let expected = referenceRows(sources, lanes: lanes, indices, rows: rows, columns: columns)
        // Rows written into a wider buffer prefilled with NaN: every entry is overwritten, and
        // nothing past a row's end.
        let outStride = columns + 3
        for gather in [slope_gather_rows, slope_gather_rows_portable] {
            var out = [Double](repeating: .nan, count: rows * outStride)
            gather(sources, lanes, indices, rows, columns, &out, outStride)
            let written = (0..<rows).flatMap { out[($0 * outStride)..<($0 * outStride + columns)] }
            #expect(written == expected)
            #expect((0..<rows).allSatisfy { r in out[(r * outStride + columns)..<((r + 1) * outStride)].allSatisfy(\.isNaN) })
        }
    }
}

@Test func theVectorPathIsTakenWhereTheProcessorHasAVX512() throws {
    #if arch(x86_64) && os(Linux)
    // The kernel's own list of the processor's features is the independent truth.
    let cpuinfo = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
    let hasAVX512F = cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ").contains("avx512f") ?? false
    #expect((slope_gather_rows_is_vectorized() != 0) == hasAVX512F)
    #elseif !arch(x86_64)
    #expect(slope_gather_rows_is_vectorized() == 0)
    #endif
}
