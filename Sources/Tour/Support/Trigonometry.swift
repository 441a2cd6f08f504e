import Foundation

/// cos on Double (Foundation's), named apart from the engine's generic `cos`.
func cosine(_ x: Double) -> Double { Foundation.cos(x) }

/// sin on Double (Foundation's), named apart from the engine's generic `sin`.
func sine(_ x: Double) -> Double { Foundation.sin(x) }
