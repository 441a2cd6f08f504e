// Typed reads of an eval's `input` object, each throwing a `GradBenchError` naming the field.

extension JSONValue {
    /// The member `key`, or a `badField` error naming it.
    func field(_ key: String) throws -> JSONValue {
        guard let value = self[key] else { throw GradBenchError.badField(field: "input.\(key)", expected: "present") }
        return value
    }

    /// The member `key` as a number.
    func double(_ key: String) throws -> Double {
        guard let x = try field(key).number else { throw GradBenchError.badField(field: "input.\(key)", expected: "a number") }
        return x
    }

    /// The member `key` as an integer at least `minimum`.
    func int(_ key: String, minimum: Int = 0) throws -> Int {
        let x = try double(key)
        guard x == x.rounded(), x >= Double(minimum), x < 1e12 else {
            throw GradBenchError.badValue(field: "input.\(key)", reason: "must be an integer ≥ \(minimum), got \(x)")
        }
        return Int(x)
    }

    /// The member `key` as an array of finite numbers, of length `count` when given.
    func doubles(_ key: String, count: Int? = nil, minimumCount: Int = 0) throws -> [Double] {
        guard let items = try field(key).array else {
            throw GradBenchError.badField(field: "input.\(key)", expected: "an array of numbers")
        }
        return try Self.doubles(items, path: "input.\(key)", count: count, minimumCount: minimumCount)
    }

    /// The member `key` as a matrix (array of equally long arrays of numbers), flattened row-major.
    func matrix(_ key: String, columns: Int? = nil, minimumRows: Int = 1) throws -> (rows: Int, columns: Int, data: [Double]) {
        guard let rows = try field(key).array else {
            throw GradBenchError.badField(field: "input.\(key)", expected: "an array of arrays of numbers")
        }
        guard rows.count >= minimumRows else {
            throw GradBenchError.badValue(field: "input.\(key)", reason: "needs at least \(minimumRows) row(s)")
        }
        let width = columns ?? rows.first?.array?.count ?? 0
        var data: [Double] = []
        data.reserveCapacity(rows.count * width)
        for (i, row) in rows.enumerated() {
            guard let items = row.array else {
                throw GradBenchError.badField(field: "input.\(key)[\(i)]", expected: "an array of numbers")
            }
            data += try Self.doubles(items, path: "input.\(key)[\(i)]", count: width)
        }
        return (rows.count, width, data)
    }

    static func doubles(_ items: [JSONValue], path: String, count: Int?, minimumCount: Int = 0) throws -> [Double] {
        if let count, items.count != count {
            throw GradBenchError.badValue(field: path, reason: "must have \(count) elements, has \(items.count)")
        }
        guard items.count >= minimumCount else {
            throw GradBenchError.badValue(field: path, reason: "must have at least \(minimumCount) element(s)")
        }
        var out = [Double](repeating: 0, count: items.count)
        for (i, item) in items.enumerated() {
            guard let x = item.number else { throw GradBenchError.badField(field: "\(path)[\(i)]", expected: "a number") }
            out[i] = x
        }
        return out
    }
}
