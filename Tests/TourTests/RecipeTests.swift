import Foundation
import Plots
import Rules
import Testing
@testable import Tour
#if canImport(FoundationXML)
import FoundationXML
#endif

private struct Absolute: ScalarFunction {
    let variables = ["x"]
    func callAsFunction<T: Scalar>(_ v: [T]) -> T { abs(v[0]) }
}

private struct Square: ScalarFunction {
    let variables = ["x"]
    func callAsFunction<T: Scalar>(_ v: [T]) -> T { v[0] * v[0] }
}

private struct Bowl: ScalarFunction {
    let variables = ["x", "y"]
    func callAsFunction<T: Scalar>(_ v: [T]) -> T { (v[0] - 1) * (v[0] - 1) + 2 * (v[1] + 0.5) * (v[1] + 0.5) }
}

private struct Three: ScalarFunction {
    let variables = ["a", "b", "c"]
    func callAsFunction<T: Scalar>(_ v: [T]) -> T { v[0] * v[0] + v[1] * v[1] + abs(v[2]) }
}

private func count(_ cssClass: String, in svg: String) -> Int {
    svg.components(separatedBy: "class=\"\(cssClass)\"").count - 1
}

@Suite struct RecipeTests {
    @Test func absoluteValueFanCoversMinusOneToOne() throws {
        let plot = try plotFunction(Absolute(), FunctionPlotRequest(label: "abs(x)", subgradientsAt: 0))
        let s = try #require(plot.subgradients)
        #expect(s.subdifferential == [-1, 1])
        #expect(s.derivative == 0)
        #expect(s.kink)
        let svg = plot.figure.svg()
        #expect(XMLParser(data: Data(svg.utf8)).parse())
        #expect(count("subgradient", in: svg) == 9)
        #expect(count("curve", in: svg) == 2)
        // The derivative curve breaks at the kink instead of drawing a vertical jump.
        let derivative = plot.figure.layers.compactMap { $0 as? Plots.Curve }[1]
        #expect(derivative.points.contains { $0.y.isNaN })
    }

    @Test func tangentOfTheSquare() throws {
        let plot = try plotFunction(Square(), FunctionPlotRequest(label: "x^2", tangentAt: 1.5))
        let t = try #require(plot.tangent)
        #expect(t.value == 2.25 && t.derivative == 3 && t.subdifferential == [3, 3] && !t.kink)
        #expect(count("tangent", in: plot.figure.svg()) == 1)
    }

    @Test func wrongShapesAreActionableErrors() {
        #expect(throws: RecipeError.self) { try plotFunction(Bowl(), FunctionPlotRequest(label: "bowl")) }
        #expect(throws: RecipeError.badRange(what: "range", low: 3, high: 3)) {
            try plotFunction(Square(), FunctionPlotRequest(label: "x^2", range: 3...3))
        }
        #expect(throws: RecipeError.self) { try plotContours(Square(), label: "x^2", x: -1...1, y: -1...1, gradientField: true) }
        let message = RecipeError.wrongVariableCount(needed: "one variable", variables: ["x", "y"],
                                                     hint: "use --contour for a function of two variables").description
        #expect(message == "this needs one variable, the expression has variables x, y: use --contour for a function of two variables")
    }

    @Test func contoursWithArrows() throws {
        let figure = try plotContours(Bowl(), label: "bowl", x: -2...3, y: -3...2, gradientField: true)
        let svg = figure.svg()
        #expect(XMLParser(data: Data(svg.utf8)).parse())
        #expect(count("contour", in: svg) >= 8)
        #expect(count("arrow", in: svg) >= 200)
    }

    @Test func everyOptimizerFindsTheBowlsMinimum() throws {
        for choice in OptimizerChoice.allCases where choice != .subgradient {
            let request = MinimizationRequest(start: [3, 2], optimizer: choice, steps: 5000, gradientTolerance: 1e-6)
            let m = try minimizeFunction(Bowl(), request)
            #expect(abs(m.summary.coordinates[0] - 1) < 1e-3, "\(choice)")
            #expect(abs(m.summary.coordinates[1] + 0.5) < 1e-3, "\(choice)")
            #expect(m.run.path.first == [3, 2])
        }
        let gd = try minimizeFunction(Bowl(), MinimizationRequest(start: [3, 2], optimizer: .gd, learningRate: 0.1))
        #expect(gd.summary.gradientNorm <= 1e-8)
        #expect(gd.summary.stopReason == "gradientNorm")
        #expect(gd.summary.point == ["x": gd.summary.coordinates[0], "y": gd.summary.coordinates[1]])
        #expect(gd.run.path.count == gd.summary.iterations + 1)
    }

    @Test func theSubgradientMethodApproachesAKinkedMinimum() throws {
        let m = try minimizeFunction(Absolute(), MinimizationRequest(start: [2], optimizer: .subgradient, learningRate: 0.5, steps: 400))
        #expect(abs(m.summary.coordinates[0]) < 0.1)
        #expect(m.summary.iterations == 400)
    }

    @Test func minimizationFiguresMatchTheDimension() throws {
        let one = try minimizeFunction(Square(), MinimizationRequest(start: [2], learningRate: 0.2, steps: 50))
        #expect(count("descent-path", in: minimizationFigure(Square(), label: "x^2", one).svg()) == 1)
        let two = try minimizeFunction(Bowl(), MinimizationRequest(start: [3, 2], learningRate: 0.1))
        let svg2 = minimizationFigure(Bowl(), label: "bowl", two).svg()
        #expect(count("descent-path", in: svg2) == 1 && count("contour", in: svg2) > 3)
        let three = try minimizeFunction(Three(), MinimizationRequest(start: [1, 1, 1], optimizer: .adam, steps: 100))
        #expect(count("curve", in: minimizationFigure(Three(), label: "three", three).svg()) == 1)
    }

    @Test func badRequestsThrow() {
        #expect(throws: RecipeError.self) { try minimizeFunction(Bowl(), MinimizationRequest(start: [1])) }
        #expect(throws: (any Error).self) { try minimizeFunction(Bowl(), MinimizationRequest(start: [1, 1], learningRate: -1)) }
        #expect(throws: RecipeError.self) { try minimizeFunction(Bowl(), MinimizationRequest(start: [1, 1], steps: -1)) }
    }
}
