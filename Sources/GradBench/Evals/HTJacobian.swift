// The ht Jacobian by compressed vector forward mode.

import AutoDiff

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
        /// The distinct points' patterns, and each point's index into them. A point's three rows
        /// share most columns (the rotation's, the fingers'), each adds its own translation: the
        /// shared ones are read out once for all three rows.
        let pointPatterns: [(shared: [Int], own: [[Int]])], patternOfPoint: [Int32]

        /// Traces `objective` at `theta` on `DependencyTracer`s and colors the θ columns.
        init(theta: [Double], _ p: Problem) throws {
            let sparsity = try JacobianSparsity(at: theta) { objective(theta: $0, us: p.us.map { DependencyTracer($0) }, p) }
            let coloring = sparsity.columnColoring()
            colors = coloring.colors
            colorCount = coloring.count
            var index: [[[Int]]: Int32] = [:], patterns: [(shared: [Int], own: [[Int]])] = []
            patternOfPoint = (0..<p.pointCount).map { i in
                let rows = Array(sparsity.rows[(3 * i)..<(3 * i + 3)])
                if let id = index[rows] { return id }
                let shared = rows[0].filter { rows[1].contains($0) && rows[2].contains($0) }
                index[rows] = Int32(patterns.count)
                patterns.append((shared, rows.map { $0.filter { !shared.contains($0) } }))
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
    /// `Tangent.scalarCount` lanes: a pass poses the mesh once, then each point's residual
    /// tangents are read out row by row: entry (r, c) is the lane of c's color in row r, for the
    /// columns in r's pattern, and zero elsewhere.
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
            let posed = posedVertices(theta: theta.indices.map { j in
                VectorDual(theta[j], tangent: lane(ofTheta: j, pass: k).map { units[$0] } ?? Tangent())
            }, p)
            passes.initializeElement(at: k, to: .allocate(capacity: posed.count))
            _ = passes[k].initialize(from: posed)
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

        // Per point pattern, where each θ entry is read: (column in the row, offset of the lane
        // among a point's tangents for the first coordinate), the shared entries first (read for
        // each of the three rows), then each row's own.
        var bounds: [Int32] = [], entries: [(column: Int32, source: Int32)] = []
        bounds.reserveCapacity(4 * plan.pointPatterns.count + 1)
        /// Appends the entries of `columns` and the bound before them.
        func append(_ columns: [Int]) {
            bounds.append(Int32(entries.count))
            for column in columns {
                for k in 0..<passCount {
                    if let lane = lane(ofTheta: column, pass: k) { entries.append((Int32(leading + column), Int32(3 * k * lanes + lane))) }
                }
            }
        }
        for pattern in plan.pointPatterns {
            append(pattern.shared)
            for own in pattern.own { append(own) }
        }
        bounds.append(Int32(entries.count))

        let us = p.us
        // Each pass's three residual tangents for the current point, pass after pass.
        withUnsafeTemporaryAllocation(of: Tangent.self, capacity: 3 * passCount) { tangents in
            let lanesOfPoint = UnsafeRawPointer(tangents.baseAddress!).assumingMemoryBound(to: Double.self)
            bounds.withUnsafeBufferPointer { bounds in
            entries.withUnsafeBufferPointer { entries in
            plan.patternOfPoint.withUnsafeBufferPointer { patternOfPoint in
                for i in 0..<p.pointCount {
                    var uTangents = (SIMD2<Double>(), SIMD2<Double>(), SIMD2<Double>())
                    if usesUPass {
                        let u = (VectorDual(us[2 * i], tangent: SIMD2<Double>(1, 0)), VectorDual(us[2 * i + 1], tangent: SIMD2<Double>(0, 1)))
                        let r = residual(i, u: u, positions: UnsafeBufferPointer(constants), p)
                        uTangents = (r.0.tangent, r.1.tangent, r.2.tangent)
                    }
                    for k in 0..<passCount {
                        let positions = UnsafeBufferPointer(passes[k])
                        let seeds = k == 0 ? uSeeds : (Tangent(), Tangent())
                        let r = p.isComplicated
                            ? residual(i, u: (VectorDual(us[2 * i], tangent: seeds.0), VectorDual(us[2 * i + 1], tangent: seeds.1)),
                                       positions: positions, p)
                            : residual(i, positions: positions, p)
                        tangents[3 * k] = r.0.tangent
                        tangents[3 * k + 1] = r.1.tangent
                        tangents[3 * k + 2] = r.2.tangent
                    }
                    let rows = o.baseAddress! + 3 &* i &* columns
                    zero(rows, count: 3 &* columns)
                    for j in 0..<3 {
                        let row = rows + j &* columns, coordinate = lanesOfPoint + j &* lanes
                        if uInside {
                            for lane in 0..<leading { row[lane] = coordinate[lane] }
                        } else if leading > 0 {
                            let u = j == 0 ? uTangents.0 : j == 1 ? uTangents.1 : uTangents.2
                            row[0] = u[0]
                            row[1] = u[1]
                        }
                    }
                    let first = 4 &* Int(patternOfPoint[i])
                    for e in Int(bounds[first])..<Int(bounds[first &+ 1]) {
                        let (column, source) = (Int(entries[e].column), Int(entries[e].source))
                        rows[column] = lanesOfPoint[source]
                        rows[columns &+ column] = lanesOfPoint[lanes &+ source]
                        rows[2 &* columns &+ column] = lanesOfPoint[2 &* lanes &+ source]
                    }
                    for j in 0..<3 {
                        let row = rows + j &* columns, coordinate = lanesOfPoint + j &* lanes
                        for e in Int(bounds[first &+ 1 &+ j])..<Int(bounds[first &+ 2 &+ j]) {
                            row[Int(entries[e].column)] = coordinate[Int(entries[e].source)]
                        }
                    }
                }
            }
            }
            }
        }
    }

    /// Sets `count` doubles at `row` to zero, eight and four at a time.
    @inline(__always)
    private static func zero(_ row: UnsafeMutablePointer<Double>, count: Int) {
        var k = 0
        while k &+ 8 <= count {
            UnsafeMutableRawPointer(row + k).storeBytes(of: SIMD8<Double>(), as: SIMD8<Double>.self)
            k &+= 8
        }
        while k &+ 4 <= count {
            UnsafeMutableRawPointer(row + k).storeBytes(of: SIMD4<Double>(), as: SIMD4<Double>.self)
            k &+= 4
        }
        while k < count {
            row[k] = 0
            k += 1
        }
    }
}
