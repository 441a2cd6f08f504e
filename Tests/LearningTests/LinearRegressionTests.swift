import Testing
import Foundation
import Optimizers
@testable import Learning

@Suite struct LinearRegressionTests {
    @Test(arguments: [(rows: 103, d: 5), (rows: 20_001, d: 7), (rows: 9, d: 64)])
    func fusedKernelTensorReverseModeAndTheArticleAgree(rows: Int, d: Int) throws {
        let data = try syntheticData(rows: rows, weights: (0..<d).map { Double($0) - 2 }, bias: 0.7, noise: 0.3)
        let model = LinearRegression(data)
        let p = gaussian(d + 1, seed: 5)
        let fused = model.lossAndGradient(at: p)
        let tensor = try model.tensorLossAndGradient(at: p)
        let (articleLoss, articleGradient) = articleLossAndGradient(data, p)
        #expect(relativeError(fused.gradient, tensor.gradient) < 1e-12)
        #expect(relativeError([fused.loss], [tensor.loss]) < 1e-12)
        #expect(relativeError(fused.gradient, articleGradient) < 1e-12)
        #expect(relativeError([fused.loss], [articleLoss]) < 1e-12)
    }

    @Test func fusedKernelHandlesEveryBlockRemainder() throws {
        // Blocks of eight rows (two streams of four), SIMD pairs of columns: cover every remainder.
        for d in 1...3 {
            for rows in 1...19 {
                let data = try syntheticData(rows: rows, weights: (0..<d).map { Double($0) + 0.5 }, bias: -1, noise: 1,
                                             seed: UInt64(rows * 10 + d))
                let p = gaussian(d + 1, seed: 77)
                let fused = LinearRegression(data).lossAndGradient(at: p)
                let (loss, gradient) = articleLossAndGradient(data, p)
                #expect(relativeError(fused.gradient, gradient) < 1e-13, "rows \(rows), d \(d)")
                #expect(relativeError([fused.loss], [loss]) < 1e-13)
            }
        }
    }

    @Test func lassoGradientIsTheRuleTablesSubgradientInBothModes() throws {
        let data = try syntheticData(rows: 40, weights: [1, -1, 0.5], bias: 0, noise: 0.1)
        let model = LinearRegression(data, l1: 0.3)
        for p in [[0.5, -0.2, 0.0, 1.0], [0.0, 0.0, 0.0, 0.0]] {
            let fused = model.lossAndGradient(at: p)
            let tensor = try model.tensorLossAndGradient(at: p)
            #expect(relativeError(fused.gradient, tensor.gradient) < 1e-12)
            let (plain, plainGradient) = articleLossAndGradient(data, p)
            #expect(abs(fused.loss - plain - 0.3 * (abs(p[0]) + abs(p[1]) + abs(p[2]))) < 1e-12)
            // abs′(0) = 0 under the minimum-norm policy; sign(w) elsewhere.
            for j in 0..<3 {
                let expected = plainGradient[j] + 0.3 * (p[j] > 0 ? 1 : p[j] < 0 ? -1 : 0)
                #expect(abs(fused.gradient[j] - expected) < 1e-12)
            }
        }
    }

    @Test func gradientDescentFromZeroReachesTheExactSolution() throws {
        let data = try syntheticData(rows: 2000, weights: [2, -3, 0.5, 1.25, -0.75], bias: 4, noise: 0.5)
        let exact = try exactLeastSquares(data)
        #expect(exact.method == .cholesky)
        let model = LinearRegression(data)
        var gd = try GradientDescent(step: .fixed(model.defaultStep()))
        let result = try minimize(model.objective, from: model.zeroParameters, using: &gd,
                                  stopping: StoppingRule(gradientTolerance: 1e-13, maximumIterations: 5000))
        #expect(result.reason == .gradientNorm)
        #expect(relativeError(result.point, exact.parameters) < 1e-8)
        // The exact solution zeroes the gradient.
        #expect(euclideanNorm(model.lossAndGradient(at: exact.parameters).gradient) < 1e-10)
    }

    @Test func exactSolutionRecoversNoiseFreeWeightsAndFallsBackToQR() throws {
        let clean = try syntheticData(rows: 50, weights: [1.5, -2], bias: 3, noise: 0)
        let exact = try exactLeastSquares(clean)
        #expect(relativeError(exact.parameters, [1.5, -2, 3]) < 1e-12)
        // Nearly collinear features (κ of the scaled normal equations ≈ 1e13): QR, still accurate.
        let n = 200
        let base = gaussian(n, seed: 3), wiggle = gaussian(n, seed: 4)
        var features = [Double]()
        for i in 0..<n { features += [base[i], base[i] + 1e-6 * wiggle[i]] }
        let targets = (0..<n).map { (i: Int) -> Double in
            let a: Double = features[2 * i], b: Double = features[2 * i + 1]
            return a + 2 * b - 1
        }
        let nearly = try Dataset(features: features, targets: targets, featureNames: ["a", "b"])
        let viaQR = try exactLeastSquares(nearly)
        #expect(viaQR.method == .qr)
        #expect(viaQR.conditionNumber > choleskyConditionLimit)
        #expect(relativeError(viaQR.parameters, [1, 2, -1]) < 1e-6)
    }

    @Test func rankDeficientDataNamesTheFeature() throws {
        let features: [Double] = [1, 2, 2, 2, 4, 4, 3, 6, 6, 4, 8, 8.0]
        let collinear = try Dataset(features: features.enumerated().map { $0.offset % 3 == 2 ? 5 * Double($0.offset) : $0.element },
                                    targets: [1, 2, 3, 4], featureNames: ["a", "twiceA", "c"])
        #expect(throws: LearningError.rankDeficient(feature: "twiceA")) { try exactLeastSquares(collinear) }
        let constant = try Dataset(features: [1, 7, 2, 7, 3, 7], targets: [1, 2, 3], featureNames: ["a", "seven"])
        #expect(throws: LearningError.rankDeficient(feature: "seven")) { try exactLeastSquares(constant) }
    }

    @Test func lassoBySubgradientMethodLandsOnTheSparseSolution() throws {
        // Orthogonal, centred columns with XᵀX/N = I: the lasso solution is soft thresholding of the
        // least-squares coefficients z at λ/2, and b* = ȳ.
        let hadamard: [[Double]] = [[1, 1, 1], [-1, 1, 1], [1, -1, 1], [-1, -1, 1], [1, 1, -1], [-1, 1, -1], [1, -1, -1], [-1, -1, -1]]
        let z = [2.0, 0.3, -1.5], lambda = 1.0, bias = 5.0
        let targets = hadamard.map { row in bias + zip(row, z).reduce(0) { $0 + $1.0 * $1.1 } }
        let data = try Dataset(features: hadamard.flatMap { $0 }, targets: targets, featureNames: ["a", "b", "c"])
        let known = [1.5, 0, -1.0, bias]
        let model = LinearRegression(data, l1: lambda)
        var method = try SubgradientMethod(initialStep: model.defaultStep())
        let result = try minimize(model.objective, from: model.zeroParameters, using: &method,
                                  stopping: StoppingRule(gradientTolerance: 0, maximumIterations: 20_000))
        #expect(euclideanDistance(result.point, known) < 1e-3, "\(result.point)")
        #expect(abs(result.point[1]) < 1e-3)
        #expect(abs(result.value - model.loss(at: known)) < 1e-5)
    }

    @Test(arguments: FitOptions.Method.allCases)
    func everyFitMethodDecreasesTheLoss(method: FitOptions.Method) throws {
        let data = try syntheticData(rows: 500, weights: [1, -2, 3], bias: -1, noise: 0.2)
        var options = FitOptions()
        options.method = method
        options.epochs = method == .sgd ? 10 : 300
        let report = try fitLinearRegression(data, options: options)
        let atZero = LinearRegression(data).loss(at: [0, 0, 0, 0])
        #expect(report.loss < atZero / 10, "\(method): \(report.loss)")
        #expect(report.exactLoss != nil)
        #expect(report.loss >= report.exactLoss! - 1e-12)
        if method == .exact || method == .gd || method == .nesterov { #expect(report.gap! < 1e-6) }
    }

    @Test func standardizedFitReportsWeightsInOriginalUnits() throws {
        var data = try syntheticData(rows: 300, weights: [0.002, 50], bias: 10, noise: 0.1)
        for i in 0..<data.count { data.features[2 * i] = data.features[2 * i] * 1000 + 5000 }
        let exact = try exactLeastSquares(data)
        var options = FitOptions()
        options.standardize = true
        options.tolerance = 1e-12
        let report = try fitLinearRegression(data, options: options)
        #expect(relativeError(report.weights + [report.bias], exact.parameters) < 1e-8)
    }
}
