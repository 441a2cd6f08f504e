import AutoDiff

/// The `lstm` eval (ADBench's LSTM with diagonal weight matrices): the mean negative
/// log-likelihood of predicting each character's bits from the previous ones, and its gradient
/// with respect to the main and extra parameters (reverse mode over the whole sequence).
public enum LSTMEval: EvalModule {
    /// `"lstm"`.
    public static let name = "lstm"
    /// `objective` and `jacobian`.
    public static let functions = ["objective", "jacobian"]

    /// The sizes and the constant data of one problem.
    public struct Problem: Sendable {
        /// Layers, characters, bits per character.
        public let l: Int, c: Int, b: Int
        /// The initial state (2l×b: layer i's hidden row 2i, cell row 2i+1) and the sequence (c×b),
        /// row-major.
        public let state: [Double], sequence: [Double]

        /// Creates a problem.
        public init(l: Int, b: Int, state: [Double], sequence: [Double]) {
            (self.l, self.b, self.c, self.state, self.sequence) = (l, b, sequence.count / b, state, sequence)
        }

        /// Main parameters (2l×4b: per layer, a row of weights then a row of biases, each split in
        /// forget, input, output and change gates) followed by extra parameters (3×b: input
        /// weights, output weights, output biases).
        public var parameterCount: Int { 8 * l * b + 3 * b }
    }

    /// The loss −(1/((c−1)b)) Σₜ Σᵢ yₜ₊₁,ᵢ (ŷₜ,ᵢ − log(Σⱼ exp ŷₜ,ⱼ + 2)), written once for every scalar
    /// type; `parameters` is the main then the extra parameters, row-major.
    public static func objective<T: Scalar>(_ parameters: [T], _ p: Problem) -> T {
        let (l, b) = (p.l, p.b)
        let extra = 8 * l * b
        var hidden = (0..<l).map { layer in (0..<b).map { T(p.state[(2 * layer) * b + $0]) } }
        var cell = (0..<l).map { layer in (0..<b).map { T(p.state[(2 * layer + 1) * b + $0]) } }
        var layerInput = [T](repeating: 0, count: b)
        var total: T = 0
        for t in 0..<max(p.c - 1, 0) {
            for i in 0..<b { layerInput[i] = T(p.sequence[t * b + i]) * parameters[extra + i] }
            for layer in 0..<l {
                let weight = 8 * layer * b, bias = weight + 4 * b
                for i in 0..<b {
                    let forget = sigmoid(layerInput[i] * parameters[weight + i] + parameters[bias + i])
                    let ingate = sigmoid(hidden[layer][i] * parameters[weight + b + i] + parameters[bias + b + i])
                    let outgate = sigmoid(layerInput[i] * parameters[weight + 2 * b + i] + parameters[bias + 2 * b + i])
                    let change = tanh(hidden[layer][i] * parameters[weight + 3 * b + i] + parameters[bias + 3 * b + i])
                    cell[layer][i] = cell[layer][i] * forget + ingate * change
                    hidden[layer][i] = outgate * tanh(cell[layer][i])
                }
                layerInput = hidden[layer]
            }
            var sum: T = 2  // ADBench's logsumexp adds 2 to the sum of exponentials.
            var prediction = [T](repeating: 0, count: b)
            for i in 0..<b {
                prediction[i] = layerInput[i] * parameters[extra + b + i] + parameters[extra + 2 * b + i]
                sum += exp(prediction[i])
            }
            let logSum = log(sum)
            for i in 0..<b {
                let gold = p.sequence[(t + 1) * b + i]
                if gold != 0 { total += T(gold) * (prediction[i] - logSum) }
            }
        }
        return -total / T(Double(max(p.c - 1, 1) * b))
    }

    /// Decodes `{main_params, extra_params, state, sequence}`.
    public static func prepare(function: String, input: JSONValue) throws -> PreparedEvaluation {
        let main = try input.matrix("main_params", minimumRows: 2)
        guard main.rows % 2 == 0, main.columns % 4 == 0, main.columns > 0 else {
            throw GradBenchError.badValue(field: "input.main_params", reason: "must be 2l rows of 4b numbers, is \(main.rows)×\(main.columns)")
        }
        let (l, b) = (main.rows / 2, main.columns / 4)
        let extra = try input.matrix("extra_params", columns: b, minimumRows: 3)
        let state = try input.matrix("state", columns: b, minimumRows: 2 * l)
        let sequence = try input.matrix("sequence", columns: b, minimumRows: 1)
        guard extra.rows == 3 else {
            throw GradBenchError.badValue(field: "input.extra_params", reason: "must have 3 rows, has \(extra.rows)")
        }
        guard state.rows == 2 * l else {
            throw GradBenchError.badValue(field: "input.state", reason: "must have 2l = \(2 * l) rows, has \(state.rows)")
        }
        let problem = Problem(l: l, b: b, state: state.data, sequence: sequence.data)
        let parameters = main.data + extra.data
        if function == "objective" { return .number { objective(parameters, problem) } }
        let tape = Tape<Double>()
        return .vector { valueWithGradient(at: parameters, on: tape) { objective($0, problem) }.gradient }
    }
}
