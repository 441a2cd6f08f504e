import Testing
@testable import Plots

@Suite struct TicksAndScalesTests {
    @Test func ticksLandOnNiceNumbers() {
        #expect(NiceTicks(covering: -3...3).values == [-3, -2, -1, 0, 1, 2, 3])
        let t = NiceTicks(covering: 0...0.93)
        #expect(t.step == 0.2)
        #expect(t.values.count == 5)
        #expect(t.niceRange == 0...1)
        #expect(NiceTicks(covering: 0...9).niceRange == 0...10)
        #expect(NiceTicks(covering: -17...243).step == 50)
    }

    @Test func niceStepsAreOneTwoOrFiveTimesAPowerOfTen() {
        #expect(NiceTicks.niceStep(0.7) == 1)
        #expect(NiceTicks.niceStep(1.5) == 2)
        #expect(NiceTicks.niceStep(3) == 5)
        #expect(NiceTicks.niceStep(0.031) == 0.05)
        #expect(NiceTicks.niceStep(7000) == 10000)
    }

    @Test func degenerateRangesStillGetTicks() {
        #expect(NiceTicks(covering: 5...5).values.contains(5))
        #expect(!NiceTicks(covering: 0...0).values.isEmpty)
    }

    @Test func labelsUseAMinusSignAndJustEnoughDecimals() {
        let t = NiceTicks(covering: -1...1)
        #expect(t.step == 0.5)
        #expect(t.values.map(t.label) == ["\u{2212}1.0", "\u{2212}0.5", "0.0", "0.5", "1.0"])
        #expect(tickLabel(-0.0001, decimals: 1) == "0.0")
    }

    @Test func linearAndLogScalesMapEndsToEnds() throws {
        let x = AxisScale(domain: -2...2, start: 100, end: 500)
        #expect(x.pixel(-2) == 100)
        #expect(x.pixel(0) == 300)
        #expect(x.value(atPixel: 500) == 2)
        let y = AxisScale(kind: .logarithmic, domain: 0.01...100, start: 400, end: 0)
        #expect(try #require(y.pixel(1)) == 200)
        #expect(y.pixel(0) == nil)
        #expect(y.pixel(-1) == nil)
        #expect(logTicks(0.01...100).map(\.label) == ["0.01", "0.1", "1", "10", "100"])
        #expect(powerOfTenLabel(-6) == "10⁻⁶")
    }

    @Test func segmentsAreClippedToTheRectangle() throws {
        let (a, b) = try #require(clipSegment(PlotPoint(-10, 5), PlotPoint(20, 5), left: 0, top: 0, right: 10, bottom: 10))
        #expect(a == PlotPoint(0, 5))
        #expect(b == PlotPoint(10, 5))
        #expect(clipSegment(PlotPoint(-10, -5), PlotPoint(-1, -5), left: 0, top: 0, right: 10, bottom: 10) == nil)
    }
}
