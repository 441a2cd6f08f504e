import Foundation
import Testing

@Suite struct NonFiniteExplanationTests {
    @Test func gradientSaysWhereANaNComesFrom() throws {
        let run = try runSlope(["gradient", "sqrt(x^2 + y^2)", "--at", "x=0,y=0"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("∇f = [nan, nan]"))
        #expect(run.stdout.contains("why: gradient[0] is nan: ∞·0 in the chain rule"))
        #expect(run.stdout.contains("sqrt(0)"))
    }

    @Test func jsonWritesNonFiniteNumbersAsNamedStrings() throws {
        let run = try runSlope(["gradient", "sqrt(x^2 + y^2)", "--at", "x=0,y=0", "--json"])
        #expect(run.status == 0)
        let object = try #require(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["gradientValue"] as? [String] == ["nan", "nan"])
        let derivative = try runSlope(["derive", "sqrt(x)", "--at", "x=0", "--json"])
        #expect(derivative.stdout.contains("\"inf\""))
    }

    @Test func finiteGradientsNeedNoExplanation() throws {
        let run = try runSlope(["gradient", "x^2", "--at", "x=1"])
        #expect(!run.stdout.contains("why:"))
    }

    @Test func subgradientOfANonLipschitzPointSaysSo() throws {
        let run = try runSlope(["subgradient", "sqrt(x)", "--at", "x=0"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("not Lipschitz"))
        #expect(!run.stdout.contains("every element of the set is a subgradient"))
    }
}
