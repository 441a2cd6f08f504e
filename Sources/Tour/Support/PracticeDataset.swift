/// The small dataset Slope ships for section 5: hours of practice (x) and points scored (y) for
/// eight players. The scores are 2x + 1 plus a ±0.5 wobble whose signs are balanced against both
/// 1 and x, so the exact least-squares line is y = 2x + 1 and its mean squared error is 0.25.
public enum PracticeDataset {
    /// What the columns mean.
    public static let description = "hours of practice (x) and points scored (y), 8 players"
    /// Hours of practice.
    public static let x: [Double] = [1, 2, 3, 4, 5, 6, 7, 8]
    /// Points scored.
    public static let y: [Double] = [3.5, 4.5, 6.5, 9.5, 11.5, 12.5, 14.5, 17.5]
    /// The dataset as CSV text (header `x,y`).
    public static var csv: String {
        "x,y\n" + zip(x, y).map { "\(show($0)),\(show($1))" }.joined(separator: "\n") + "\n"
    }
}
