// The ht Jacobian by compressed vector forward mode.

import AutoDiff
import CRowGather

extension HTEval {
    /// Which θ columns share a forward-mode lane, from the residuals' sparsity in θ at one input.
    ///
    /// A residual moves with the global pose (6 columns) and with the angles of the fingers whose
    /// bones skin its triangle (at most 4 each); rows of different fingers share no angle column,
    /// so the 26 θ columns need 8 or 10 colors on the eval's hands: one pass of 8 or 16 lanes
    /// instead of two of 16.
    struct JacobianPlan: Sendable {
        /// Each θ column's color.
        let colors: [Int]
        /// The number of colors.
        let colorCount: Int
        /// The distinct points' patterns (a point's three rows' θ columns), and each point's index
        /// into them: points on one triangle, or on triangles skinned by the same bones, share one.
        let pointPatterns: [[[Int]]], patternOfPoint: [Int32]

        /// Traces `objective` at `theta` on `DependencyTracer`s and colors the θ columns.
        init(theta: [Double], _ p: Problem) throws {
            let sparsity = try JacobianSparsity(at: theta) { objective(theta: $0, us: p.us.map { DependencyTracer($0) }, p) }
            let coloring = sparsity.columnColoring()
            colors = coloring.colors
            colorCount = coloring.count
            var index: [[[Int]]: Int32] = [:], patterns: [[[Int]]] = []
            patternOfPoint = (0..<p.pointCount).map { i in
                let rows = Array(sparsity.rows[(3 * i)..<(3 * i + 3)])
                if let id = index[rows] { return id }
                index[rows] = Int32(patterns.count)
                patterns.append(rows)
                return Int32(patterns.count - 1)
            }
            pointPatterns = patterns
        }
    }

    /// The 3·npts × (2 + 26 or 26) Jacobian by forward mode, as rows.
    public static func jacobian(theta: [Double], _ p: Problem) throws -> [[Double]] {
        let (columns, flat) = try flatJacobian(theta: theta, p)
        return stride(from: 0, to: flat.count, by: max(columns, 1)).map { Array(flat[$0..<($0 + columns)]) }
    }

    /// The Jacobian in one row-major buffer (one allocation, not one per row), and its column
    /// count, with the plan traced at `theta` and passes as `flatJacobian(theta:_:plan:into:)` picks.
    static func flatJacobian(theta: [Double], _ p: Problem) throws -> (columns: Int, values: [Double]) {
        var result: (columns: Int, values: [Double]) = (0, [])
        flatJacobian(theta: theta, p, plan: try JacobianPlan(theta: theta, p), into: &result)
        return result
    }

    /// `flatJacobian(theta:_:)` by passes of `width` lanes.
    static func flatJacobian<Tangent: SIMD>(theta: [Double], _ p: Problem, width: Tangent.Type) throws
        -> (columns: Int, values: [Double]) where Tangent.Scalar == Double
    {
        var result: (columns: Int, values: [Double]) = (0, [])
        flatJacobian(theta: theta, p, plan: try JacobianPlan(theta: theta, p), into: &result, width: width)
        return result
    }

    /// The Jacobian into `result`, reusing its buffer when it has the right size, with passes of
    /// 8 lanes when the colors fit one, else of 16.
    static func flatJacobian(theta: [Double], _ p: Problem, plan: JacobianPlan, into result: inout (columns: Int, values: [Double])) {
        if plan.colorCount <= 8 {
            flatJacobian(theta: theta, p, plan: plan, into: &result, width: SIMD8<Double>.self)
        } else {
            flatJacobian(theta: theta, p, plan: plan, into: &result, width: SIMD16<Double>.self)
        }
    }

    /// The Jacobian into `result`, reusing its buffer when it has the right size, by passes of
    /// `Tangent.scalarCount` lanes: a pass poses the mesh once, then each point's three rows are
    /// written whole from its residual tangents (`slope_gather_rows`): entry (r, c) is the lane of
    /// c's color in row r, for the columns in r's pattern, and zero elsewhere.
    static func flatJacobian<Tangent: SIMD>(theta: [Double], _ p: Problem, plan: JacobianPlan,
                                            into result: inout (columns: Int, values: [Double]),
                                            width: Tangent.Type) where Tangent.Scalar == Double
    {
        let leading = p.isComplicated ? 2 : 0
        let columns = leading + theta.count
        let count = p.points.count * columns
        result.columns = columns
        if result.values.count != count { result.values = [Double](repeating: 0, count: count) }
        result.values.withUnsafeMutableBufferPointer { out in
            fill(out, theta: theta, p, plan: plan, columns: columns, leading: leading, width: width)
        }
    }

    /// Writes every entry of the Jacobian into `o` (row-major, `columns` per row).
    ///
    /// The θ passes seed the colors, `Tangent.scalarCount` lanes each. The u columns take two
    /// lanes of the first θ pass when that costs no extra pass; otherwise (as when 8 colors fill an
    /// 8-lane pass) they come from a pass of two lanes over the posed vertices' values, point by
    /// point: the mesh does not depend on u, so that pass needs no posing.
    private static func fill<Tangent: SIMD>(_ o: UnsafeMutableBufferPointer<Double>, theta: [Double], _ p: Problem,
                                            plan: JacobianPlan, columns: Int, leading: Int, width: Tangent.Type)
        where Tangent.Scalar == Double
    {
        let lanes = Tangent.scalarCount
        func passes(lanesPerPass: Int) -> Int { max(1, (plan.colorCount + lanesPerPass - 1) / lanesPerPass) }
        let uInside = leading > 0 && lanes > leading && passes(lanesPerPass: lanes - leading) == passes(lanesPerPass: lanes)
        let uLanes = uInside ? leading : 0, colorsPerPass = lanes - uLanes
        let passCount = passes(lanesPerPass: colorsPerPass)
        // The unit tangents, built once: a one-hot vector built where it is used is a lane store
        // and a vector load of the same memory, which stalls store forwarding.
        let units = (0..<lanes).map { VectorDual<Tangent>(0, direction: $0).tangent }
        /// The lane of θ column `column` in pass `pass`, if that pass seeds it.
        func lane(ofTheta column: Int, pass: Int) -> Int? {
            let lane = uLanes + plan.colors[column] - pass * colorsPerPass
            return (uLanes..<lanes).contains(lane) ? lane : nil
        }
        let uSeeds = uInside ? (units[0], units[1]) : (Tangent(), Tangent())

        // Passes in raw memory: the point loop then reads them without retaining anything.
        let passes = UnsafeMutableBufferPointer<UnsafeMutableBufferPointer<VectorDual<Tangent>>>.allocate(capacity: passCount)
        for k in 0..<passCount {
            passes.initializeElement(at: k, to: .allocate(capacity: 3 * p.skinning.count))
            posedVertices(theta: theta.indices.map { j in
                VectorDual(theta[j], tangent: lane(ofTheta: j, pass: k).map { units[$0] } ?? Tangent())
            }, p, into: passes[k])
        }
        // The posed vertices as constants of the u pass (none when the u lanes ride in a θ pass).
        let usesUPass = leading > 0 && !uInside
        let constants = UnsafeMutableBufferPointer<VectorDual<SIMD2<Double>>>.allocate(capacity: usesUPass ? passes[0].count : 0)
        if usesUPass { _ = constants.initialize(from: passes[0].lazy.map { VectorDual(constant: $0.value) }) }
        defer {
            for pass in passes { pass.deallocate() }
            passes.deallocate()
            constants.deallocate()
        }

        // Where each entry of a point's rows is read among its sources (a row's lanes, pass after
        // pass, then the u pass's two), per pattern: a byte per column, 255 (zero) outside the pattern.
        let sourceLanes = passCount * lanes + (usesUPass ? leading : 0)
        let rowLanes = Int(SLOPE_GATHER_SOURCE_LANES), stride = slope_gather_index_stride(columns)
        precondition(sourceLanes <= rowLanes, "ht's passes need \(sourceLanes) lanes, the row gather reads \(rowLanes)")
        var indices = [UInt8](repeating: .max, count: 3 * stride * plan.pointPatterns.count)
        for (id, rows) in plan.pointPatterns.enumerated() {
            for (j, thetaColumns) in rows.enumerated() {
                let row = (3 * id + j) * stride
                for column in 0..<leading { indices[row + column] = UInt8(usesUPass ? passCount * lanes + column : column) }
                for column in thetaColumns {
                    for k in 0..<passCount {
                        if let lane = lane(ofTheta: column, pass: k) { indices[row + leading + column] = UInt8(k * lanes + lane) }
                    }
                }
            }
        }

        let us = p.us
        // A point's sources: for each of its rows, the tangents of every pass, then the u tangents.
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 3 * rowLanes) { sources in
            let sources = sources.baseAddress!
            /// Stores a residual's three tangents from lane `lane` on in its three rows of sources.
            @inline(__always) func store<V: SIMD>(_ r: (VectorDual<V>, VectorDual<V>, VectorDual<V>), atLane lane: Int) {
                let row = UnsafeMutableRawPointer(sources + lane)
                row.storeBytes(of: r.0.tangent, as: V.self)
                row.storeBytes(of: r.1.tangent, toByteOffset: 8 &* rowLanes, as: V.self)
                row.storeBytes(of: r.2.tangent, toByteOffset: 16 &* rowLanes, as: V.self)
            }
            indices.withUnsafeBufferPointer { indices in
            plan.patternOfPoint.withUnsafeBufferPointer { patternOfPoint in
                for i in 0..<p.pointCount {
                    if usesUPass {
                        let u = (VectorDual(us[2 * i], tangent: SIMD2<Double>(1, 0)), VectorDual(us[2 * i + 1], tangent: SIMD2<Double>(0, 1)))
                        store(residual(i, u: u, positions: UnsafeBufferPointer(constants), p), atLane: passCount &* lanes)
                    }
                    for k in 0..<passCount {
                        let positions = UnsafeBufferPointer(passes[k])
                        let seeds = k == 0 ? uSeeds : (Tangent(), Tangent())
                        let r = p.isComplicated
                            ? residual(i, u: (VectorDual(us[2 * i], tangent: seeds.0), VectorDual(us[2 * i + 1], tangent: seeds.1)),
                                       positions: positions, p)
                            : residual(i, positions: positions, p)
                        store(r, atLane: k &* lanes)
                    }
                    slope_gather_rows(sources, sourceLanes, indices.baseAddress! + 3 &* stride &* Int(patternOfPoint[i]), 3, columns,
                                      o.baseAddress! + 3 &* i &* columns, columns)
                }
            }
            }
        }
    }
}
