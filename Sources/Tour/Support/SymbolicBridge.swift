/// Slope's symbolic derivative of `formula` with respect to `variables`, as printable lines:
/// the results (one per variable) and the chain-rule steps.
///
/// Returns empty lists until the Symbolic module provides `differentiate`; the tour then shows
/// only its numeric results.
func symbolicDerivative(of formula: String, withRespectTo variables: [String]) -> (results: [String], steps: [String]) {
    ([], [])
}
