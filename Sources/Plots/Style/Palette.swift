/// Colours that stay distinguishable for colour-blind readers (Okabe–Ito), in the order series use them.
public enum Palette {
    /// Blue, for the main function.
    public static let blue = "#0072B2"
    /// Vermillion, for derivatives and tangents.
    public static let vermillion = "#D55E00"
    /// Bluish green.
    public static let green = "#009E73"
    /// Reddish purple.
    public static let purple = "#CC79A7"
    /// Orange.
    public static let orange = "#E69F00"
    /// Sky blue.
    public static let sky = "#56B4E9"
    /// Near-black, for text and paths that must stand out.
    public static let ink = "#222222"
    /// Light grey for grid lines.
    public static let grid = "#E4E4E4"
    /// Mid grey for the axes through zero.
    public static let zeroLine = "#9A9A9A"

    /// The series colours in order.
    public static let series = [blue, vermillion, green, purple, orange, sky, ink]

    /// The `index`-th series colour, cycling.
    public static func color(_ index: Int) -> String { series[((index % series.count) + series.count) % series.count] }

    /// A colour on a perceptually even dark-blue → green → yellow ramp (viridis-like), `t` in 0…1.
    public static func ramp(_ t: Double) -> String {
        let stops: [(Double, Double, Double)] = [(68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37)]
        let u = Swift.min(1, Swift.max(0, t.isFinite ? t : 0)) * Double(stops.count - 1)
        let i = Swift.min(stops.count - 2, Int(u)), f = u - Double(i)
        let a = stops[i], b = stops[i + 1]
        func channel(_ x: Double, _ y: Double) -> String {
            let v = Int((x + (y - x) * f).rounded())
            let hex = String(v, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }
        return "#" + channel(a.0, b.0) + channel(a.1, b.1) + channel(a.2, b.2)
    }
}
